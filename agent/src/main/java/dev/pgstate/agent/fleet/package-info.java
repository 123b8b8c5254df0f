/** Fleet push: an inventory of boxes, the spec rendered per box, and its rollout over SSH to each box's own agent. */
package dev.pgstate.agent.fleet;
