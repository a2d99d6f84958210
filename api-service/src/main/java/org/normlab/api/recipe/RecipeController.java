package org.normlab.api.recipe;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/recipes")
class RecipeController {

  private final RecipeCatalog catalog;

  RecipeController(RecipeCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping
  List<Recipe> list() {
    return catalog.all();
  }

  @GetMapping("/{name}")
  Recipe get(@PathVariable String name) {
    return catalog.find(name).orElseThrow(() -> new UnknownRecipeException(name, catalog.names()));
  }
}
