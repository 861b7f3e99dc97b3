package dev.memctl.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The provider a {@link LinearMemoryContract} subclass tests, by name ({@code linux}, {@code
 * macos}, {@code windows}, {@code portable}). The suite then runs once per discard strategy that
 * provider reports and a memory may have as its default ({@link LinearMemoryContract.DefaultStrategies}).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ProviderUnderTest {
    String value();
}
