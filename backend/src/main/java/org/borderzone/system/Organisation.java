package org.borderzone.system;

import java.util.regex.Pattern;

/**
 * An organisation by its code ({@code KH}, {@code LA}, {@code JBC}, ...): a value, compared by code. Which codes
 * exist, and which of them are countries or the joint body, is data (table {@code organisation}) answered by
 * {@link Organisations}; request input is turned into an {@code Organisation} only through
 * {@link Organisations#parse}, so an unknown code never gets this far.
 */
public record Organisation(String code) {

  private static final Pattern CODE = Pattern.compile("[A-Z]{2,10}");

  public Organisation {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("not an organisation code: " + code);
    }
  }

  /** The organisation with {@code code}, for codes that come from the database or from server code. */
  public static Organisation of(String code) {
    return new Organisation(code);
  }

  @Override
  public String toString() {
    return code;
  }
}
