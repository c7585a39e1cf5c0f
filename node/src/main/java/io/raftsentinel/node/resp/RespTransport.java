package io.raftsentinel.node.resp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The RESP server's Netty transport: native epoll where it loads (Linux; fewer allocations and
 * system calls per request than the JDK selector), NIO otherwise. Chosen once per server.
 */
record RespTransport(String name, boolean epoll) {

  static RespTransport best() {
    return Epoll.isAvailable() ? new RespTransport("epoll", true) : new RespTransport("nio", false);
  }

  EventLoopGroup group(int threads, String threadPrefix) {
    DefaultThreadFactory factory = new DefaultThreadFactory(threadPrefix, true);
    return epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
  }

  Class<? extends ServerChannel> serverChannel() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /**
   * Transport options of accepted connections. Epoll: level-triggered, so a read that returns less
   * than the buffer ends the read loop (edge-triggered mode must read again until EAGAIN: one more
   * system call for every unpipelined request).
   */
  ServerBootstrap configure(ServerBootstrap bootstrap) {
    return epoll ? bootstrap.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED) : bootstrap;
  }
}
