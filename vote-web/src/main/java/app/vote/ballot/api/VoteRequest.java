package app.vote.ballot.api;

import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The option a voter chooses. Read as a decimal on purpose: JSON-B would silently wrap a number
 * too large for a {@code long} (or round 1e400 to 0) and turn a malformed request into a vote for
 * some other option; here anything but a whole number in range is refused.
 */
public record VoteRequest(
        @NotNull(message = "optionId is required: the id of one of the poll's options.")
        @Schema(example = "3", required = true, type = SchemaType.INTEGER)
        BigDecimal optionId) {

    public long option() {
        try {
            return optionId.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new BadRequestException("optionId must be a whole number, the id of one of the poll's options.");
        }
    }
}
