/** Which files and directories the agent may obey: its own or root's, and changeable by nobody else. */
package dev.pgstate.model.files;
