package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memctl.internal.PortableProvider;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The instruments every provider has without instruments of its own: what the verbs tell, and
 * every other figure unknown rather than made up.
 */
class BasicInstrumentsTest {

    @Test
    void thePortableProviderKnowsNothingBeyondItsVerbs() {
        Instruments i = PortableProvider.INSTANCE.instruments();
        assertInstanceOf(BasicInstruments.class, i, "the SPI's default");
        assertEquals("portable residentBytes", i.residentMethod());
        assertEquals(
                "the portable provider keeps memory on the Java side and cannot tell what is resident",
                i.residentMethodReason());
        assertEquals(OptionalLong.empty(), i.residentBytes(0, 65536));
        assertEquals(OptionalLong.empty(), i.residentBytesMincore(0, 65536));
        assertEquals(Instruments.ProcessMemory.UNKNOWN, i.processMemory());
        assertEquals(Instruments.HugePageEvents.UNKNOWN, i.hugePageEvents());
        assertEquals(OptionalLong.empty(), i.tlbShootdowns());
        assertEquals(Optional.empty(), i.loadAverage());
        assertEquals(Instruments.MachineDescription.UNKNOWN, i.machine());
        assertEquals(Optional.empty(), i.unsupportedReason(DiscardStrategy.FILL_ZERO));
        assertEquals(Optional.empty(), i.hugePageMode());
        assertEquals(
                Optional.of("the portable provider cannot advise transparent huge pages"),
                i.hugePagesUnsupportedReason());
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> i.adviseHugePages(0, 65536));
        assertEquals("the portable provider cannot advise transparent huge pages", e.getMessage());
    }

    @Test
    void aProviderThatReservesIsReadThroughItsOwnVerbs() {
        ProvidersTest.Stub stub = new ProvidersTest.Stub("stub", null) {
            @Override
            public OptionalLong residentBytes(long address, long length) {
                return OptionalLong.of(length / 2);
            }

            @Override
            public OptionalLong processResidentBytes() {
                return OptionalLong.of(123);
            }
        };
        Instruments i = stub.instruments();
        assertEquals("stub residentBytes", i.residentMethod());
        assertEquals("the stub provider's own residentBytes: the one method it offers", i.residentMethodReason());
        assertEquals(OptionalLong.of(32768), i.residentBytes(0, 65536));
        assertEquals(Instruments.ProcessMemory.ofRss(OptionalLong.of(123)), i.processMemory());
    }
}
