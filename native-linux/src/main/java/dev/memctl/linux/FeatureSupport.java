package dev.memctl.linux;

import java.util.Objects;

/**
 * Whether a kernel feature the provider can use works in this process, and why, as found by
 * trying it. Tools print it as {@code supported: <reason>} or {@code unsupported: <reason>}.
 *
 * @param supported whether the feature works here
 * @param reason what was tried and what happened, e.g. {@code process_madvise(PIDFD_SELF,
 *     MADV_DONTNEED) failed: errno 22 (EINVAL: Invalid argument); MADV_DONTNEED through
 *     process_madvise on the calling process needs Linux 6.13+}
 */
public record FeatureSupport(boolean supported, String reason) {

    /**
     * A finding, as the provider's probes make it.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public FeatureSupport {
        Objects.requireNonNull(reason, "reason");
    }

    static FeatureSupport yes(String reason) {
        return new FeatureSupport(true, reason);
    }

    static FeatureSupport no(String reason) {
        return new FeatureSupport(false, reason);
    }

    @Override
    public String toString() {
        return (supported ? "supported: " : "unsupported: ") + reason;
    }
}
