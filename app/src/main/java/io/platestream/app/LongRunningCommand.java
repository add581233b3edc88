package io.platestream.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that runs until its duration is over or it is stopped (Ctrl-C, SIGTERM). A stop lets
 * {@link #execute} close everything before the JVM exits.
 */
abstract class LongRunningCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } finally {
      run.finished(); // a Ctrl-C exit goes on once everything is closed
    }
  }

  /** The command's work; calls {@code run.awaitStop()} and closes what it opened. */
  abstract Integer execute() throws Exception;
}
