package org.borderzone.system;

/** Resolves the {@link Actor} of the current request. */
public interface CurrentActor {

  Actor get();
}
