package org.borderzone.incidents;

import java.util.List;
import org.borderzone.system.ApiException;
import org.springframework.http.HttpStatus;

/**
 * One thing wrong with one input field: {@code malformed} problems (wrong type, NaN, unknown value) answer
 * 400, the others (outside the area, in the future, another organisation) 422. {@code line} is the CSV line
 * (the header is line 1) or the 1-based feature number of a GeoJSON import; 0 for a single create.
 */
record Problem(int line, boolean malformed, String field, String code, Object... args) {

  Problem atLine(int l) {
    return new Problem(l, malformed, field, code, args);
  }

  /** The problems of a single create as one exception: 400 if any is malformed, else 422. */
  static ApiException toException(List<Problem> problems) {
    boolean malformed = problems.stream().anyMatch(Problem::malformed);
    List<ApiException.FieldError> errors = problems.stream()
        .map(p -> new ApiException.FieldError(p.field(), p.code(), p.args())).toList();
    return malformed
        ? new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", errors)
        : new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "problem.unprocessable", errors);
  }
}
