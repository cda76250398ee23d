/**
 * The {@code s3nas} command line (picocli): the engines without a window, for batch runs and scripts. The only
 * package that writes to standard output and error.
 * May use: everything but app.
 */
package org.s3nas.workbench.cli;
