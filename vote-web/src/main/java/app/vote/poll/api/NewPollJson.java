package app.vote.poll.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A poll to create. The shape is checked here; the rules of a poll (blank, over-long or duplicate
 * options, a closing time in the future) by the poll itself, with the same field names in the
 * errors. A class rather than a record, and no constraints on the list's elements: Payara's
 * OpenAPI generator (6.2025.10) fails on {@code @Size} on record components and type uses.
 */
public class NewPollJson {

    @NotBlank(message = "The question must not be blank.")
    @Size(max = 300, message = "The question must be at most 300 characters.")
    @Schema(example = "Best programming language?", required = true)
    private String question;

    @Size(max = 2000, message = "The description must be at most 2000 characters.")
    private String description;

    @NotNull(message = "A poll needs between 2 and 10 options.")
    @Size(min = 2, max = 10, message = "A poll needs between 2 and 10 options.")
    @Schema(example = "[\"Python\", \"C++\", \"Java\"]", required = true)
    private List<String> options;

    @Schema(description = "Optional ISO-8601 time after which the poll takes no more votes", example = "2030-01-01T00:00:00Z")
    private Instant closesAt;

    public String getQuestion() {
        return question;
    }

    public void setQuestion(String question) {
        this.question = question;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getOptions() {
        return options;
    }

    public void setOptions(List<String> options) {
        this.options = options;
    }

    public Instant getClosesAt() {
        return closesAt;
    }

    public void setClosesAt(Instant closesAt) {
        this.closesAt = closesAt;
    }
}
