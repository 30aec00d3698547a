/**
 * Scorers bound to one query and called by ordinal, and the node-to-node scoring used while
 * building graphs.
 */
package dev.annex.score;
