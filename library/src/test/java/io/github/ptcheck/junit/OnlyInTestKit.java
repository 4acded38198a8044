package io.github.ptcheck.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a sample test class that fails on purpose: it runs only when {@link PtcheckPropertyTest}
 * runs it through the EngineTestKit (which sets the configuration parameter {@value #KEY}), never
 * when an IDE or Surefire comes across it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OnlyInTestKit.Condition.class)
@interface OnlyInTestKit {

    String KEY = "ptcheck.junit.samples";

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).map(Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by PtcheckPropertyTest")
                    : ConditionEvaluationResult.disabled("a sample for PtcheckPropertyTest; it fails on purpose");
        }
    }
}
