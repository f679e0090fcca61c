package org.borderzone.inspections;

/** The overall outcome a joint inspection records. */
enum Outcome {
  SATISFACTORY, ISSUES_FOUND, FOLLOW_UP_REQUIRED
}
