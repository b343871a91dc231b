package io.entire.transport.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.Priority;
import java.util.Objects;

/**
 * An architecture rule that only counts when the declared layout matches the imported classes.
 *
 * <p>It evaluates a layout check (every declared package holds classes) together with the rule
 * itself, and reports the violations of both. The rule runs with {@code allowEmptyShould(false)},
 * so an empty selection fails it; when the layout check has already explained why a selection is
 * empty (a misspelt or missing package), the rule still runs, tolerating empty selections, so its
 * other findings are reported too instead of being masked by ArchUnit's empty-selection error.
 *
 * <p>Immutable and thread-safe.
 */
final class LayoutGuardedRule implements ArchRule {

  private final ArchRule layoutCheck;
  private final ArchRule rule;

  LayoutGuardedRule(ArchRule layoutCheck, ArchRule rule) {
    this.layoutCheck = Objects.requireNonNull(layoutCheck, "layoutCheck");
    this.rule = Objects.requireNonNull(rule, "rule").allowEmptyShould(false);
  }

  @Override
  public EvaluationResult evaluate(JavaClasses classes) {
    EvaluationResult layout = layoutCheck.evaluate(classes);
    EvaluationResult result = new EvaluationResult(this, Priority.MEDIUM);
    result.add(layout);
    result.add(
        layout.hasViolation()
            ? rule.allowEmptyShould(true).evaluate(classes)
            : rule.evaluate(classes));
    return result;
  }

  @Override
  public void check(JavaClasses classes) {
    Assertions.assertNoViolation(evaluate(classes));
  }

  @Override
  public ArchRule because(String reason) {
    return new LayoutGuardedRule(layoutCheck, rule.because(reason));
  }

  /**
   * Not supported: the point of this rule is that it never passes over nothing.
   *
   * @throws UnsupportedOperationException when asked to allow empty selections
   */
  @Override
  public ArchRule allowEmptyShould(boolean allowEmptyShould) {
    if (allowEmptyShould) {
      throw new UnsupportedOperationException(
          "a layout-guarded rule never passes over an empty selection: " + getDescription());
    }
    return this;
  }

  @Override
  public ArchRule as(String newDescription) {
    return new LayoutGuardedRule(layoutCheck, rule.as(newDescription));
  }

  @Override
  public String getDescription() {
    return rule.getDescription();
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
