package io.objmeta.core.model;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The stateful model test of meta-core: random sequences of bucket, object, Txn, multipart and garbage writes are
 * applied to a real {@code MetaCore} (LMDB in a temp directory, through {@code CoreFixture}) and to
 * {@link ReferenceModel}, a plain in-memory implementation of DESIGN.md. After each step the two must agree on the
 * step's outcome (result, or failure type with its fields) and on everything readable ({@link StoreAgreement}).
 *
 * <p>{@code -Dobjmeta.soak=true} also runs {@link #soak}: many more and longer scenarios.
 */
class StoreModelProperties {
    @Property(tries = 250, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void coreAgreesWithTheModel(@ForAll("scenarios") List<Step> steps, @ForAll long seed) {
        run(steps, seed);
    }

    @Property(tries = 1_000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(SoakOnly.class)
    void soak(@ForAll("longScenarios") List<Step> steps, @ForAll long seed) {
        run(steps, seed);
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        return Step.scenario(70);
    }

    @Provide
    Arbitrary<List<Step>> longScenarios() {
        return Step.scenario(150);
    }

    private static void run(List<Step> steps, long seed) {
        try (ModelHarness h = new ModelHarness(seed)) {
            StoreAgreement agreement = new StoreAgreement(h);
            for (Step step : steps) {
                h.run(step);
                agreement.afterStep();
            }
            agreement.exhaustive();
        }
    }

    /** Skips the soak property unless {@code -Dobjmeta.soak=true}. */
    public static final class SoakOnly implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean("objmeta.soak") ? SkipResult.doNotSkip()
                    : SkipResult.skip("a soak run: set -Dobjmeta.soak=true");
        }
    }
}
