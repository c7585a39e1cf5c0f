/** Tests of the metrics exposition, the event-fed counters and the endpoint on a real node. */
package io.raftsentinel.node.metrics;
