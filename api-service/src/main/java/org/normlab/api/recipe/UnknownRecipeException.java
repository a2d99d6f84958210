package org.normlab.api.recipe;

import java.util.List;

/** No recipe has the requested name; carries the names there are. */
public class UnknownRecipeException extends RuntimeException {

  private final List<String> known;

  public UnknownRecipeException(String name, List<String> known) {
    super("No recipe named " + name);
    this.known = List.copyOf(known);
  }

  public List<String> known() {
    return known;
  }
}
