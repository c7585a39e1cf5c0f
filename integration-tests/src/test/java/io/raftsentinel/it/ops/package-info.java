/** Operability end to end: the demo script as a newcomer runs it, and scripts on a real group. */
package io.raftsentinel.it.ops;
