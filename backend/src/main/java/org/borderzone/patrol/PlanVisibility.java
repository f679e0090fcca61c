package org.borderzone.patrol;

/**
 * The read rule of saved patrol plans for other features (exports): a plan is readable by its owner
 * organisation, and by everyone when it is joint. The same text as {@code PlanService.VISIBLE}, which the
 * plan reads use: a fragment for the alias {@code p}, with the caller's organisation bound as {@code :viewerOrg}.
 */
public final class PlanVisibility {

  /** Visibility of plan alias {@code p} to the organisation bound as {@code :viewerOrg}. */
  public static final String PREDICATE = PlanService.VISIBLE;

  private PlanVisibility() {}
}
