package io.raftsentinel.node.cli;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reply message as a JSON-ready map: every field (defaults included) under its lowerCamel JSON name,
 * 64-bit integers as numbers (unlike protobuf's JsonFormat, which quotes them), absent messages as null.
 */
final class ProtoJson {
  private ProtoJson() {}

  static Map<String, Object> toMap(Message m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      if (f.isRepeated()) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
          list.add(value(f, m.getRepeatedField(f, i)));
        }
        out.put(f.getJsonName(), list);
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !m.hasField(f)) {
        out.put(f.getJsonName(), null);
      } else {
        out.put(f.getJsonName(), value(f, m.getField(f)));
      }
    }
    return out;
  }

  private static Object value(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case MESSAGE -> toMap((Message) v);
      case ENUM -> ((EnumValueDescriptor) v).getName();
      case BYTE_STRING -> v.toString();
      default -> v;
    };
  }
}
