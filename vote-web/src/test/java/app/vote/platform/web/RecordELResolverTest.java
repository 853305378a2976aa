package app.vote.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.FunctionMapper;
import jakarta.el.PropertyNotWritableException;
import jakarta.el.VariableMapper;
import org.junit.jupiter.api.Test;

class RecordELResolverTest {

    public record Poll(long id, String question) {
    }

    public record Option(long id, String label) {
    }

    public static class NotARecord {
        public String getQuestion() {
            return "asked through the bean resolver";
        }
    }

    private final RecordELResolver resolver = new RecordELResolver();

    @Test
    void readsARecordComponentAsAPropertyAndMarksItResolved() {
        ELContext context = new BareContext();

        Object question = resolver.getValue(context, new Poll(7, "Tabs or spaces?"), "question");

        assertThat(question).isEqualTo("Tabs or spaces?");
        assertThat(context.isPropertyResolved()).isTrue();
    }

    @Test
    void eachRecordTypeAnswersWithItsOwnComponentOfTheSameName() {
        ELContext context = new BareContext();

        assertThat(resolver.getValue(context, new Poll(7, "q"), "id")).isEqualTo(7L);
        assertThat(resolver.getValue(context, new Option(9, "yes"), "id")).isEqualTo(9L);
        assertThat(resolver.getValue(context, new Poll(8, "q"), "id")).isEqualTo(8L);
    }

    @Test
    void leavesOtherObjectsAndUnknownComponentsToTheNextResolver() {
        ELContext context = new BareContext();

        assertThat(resolver.getValue(context, new NotARecord(), "question")).isNull();
        assertThat(resolver.getValue(context, new Poll(7, "q"), "options")).isNull();
        assertThat(resolver.getValue(context, null, "question")).isNull();
        assertThat(resolver.getValue(context, new Poll(7, "q"), 0)).isNull();
        assertThat(context.isPropertyResolved()).isFalse();
    }

    @Test
    void recordComponentsAreReadOnly() {
        ELContext context = new BareContext();
        Poll poll = new Poll(7, "q");

        assertThat(resolver.isReadOnly(context, poll, "question")).isTrue();
        assertThatThrownBy(() -> resolver.setValue(context, poll, "question", "changed"))
                .isInstanceOf(PropertyNotWritableException.class);
        assertThat(resolver.isReadOnly(new BareContext(), new NotARecord(), "question")).isFalse();
    }

    /** Just enough of an ELContext to record whether a resolver claimed the property. */
    private static final class BareContext extends ELContext {
        @Override
        public ELResolver getELResolver() {
            return null;
        }

        @Override
        public FunctionMapper getFunctionMapper() {
            return null;
        }

        @Override
        public VariableMapper getVariableMapper() {
            return null;
        }
    }
}
