/** Tests of script running and dispatch with real shell scripts in a temp dir. */
package io.raftsentinel.node.scripts;
