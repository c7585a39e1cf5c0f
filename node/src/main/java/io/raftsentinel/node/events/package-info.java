/** The event feed of a node: committed events from the log plus this node's own local events. */
package io.raftsentinel.node.events;
