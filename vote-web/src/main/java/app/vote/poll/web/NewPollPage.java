package app.vote.poll.web;

import app.vote.account.web.CurrentUser;
import app.vote.platform.web.DisplayTimes;
import app.vote.platform.web.FacesMessages;
import app.vote.poll.boundary.NewPoll;
import app.vote.poll.boundary.PollService;
import app.vote.poll.boundary.PollView;
import app.vote.poll.entity.InvalidPollException;
import app.vote.poll.entity.Poll;
import app.vote.poll.entity.PollOption;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Creating a poll: a question, an optional description, 2 to 10 options added and removed on the
 * page (plain form posts, no JavaScript) and an optional closing time. The fields carry no
 * {@code required} flags, so "Add option" and "Remove" keep what was typed; {@link #create} checks
 * everything at once and puts each mistake next to its field. The rules are the domain's
 * ({@link Poll}); the service checks them again and has the last word.
 */
@Named
@ViewScoped
public class NewPollPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One option field. A class, not a record: the form writes into it. */
    public static final class OptionField implements Serializable {

        private static final long serialVersionUID = 1L;

        private String text;

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    static final String FORM = "newPoll";

    @EJB
    PollService polls;

    @Inject
    CurrentUser currentUser;

    @Inject
    FacesMessages messages;

    @Inject
    Clock clock;

    private String question;
    private String description;
    private String closesAt;
    private Instant closing;
    private final List<OptionField> options = new ArrayList<>(List.of(new OptionField(), new OptionField()));

    public void addOption() {
        if (options.size() < Poll.MAX_OPTIONS) {
            options.add(new OptionField());
        }
    }

    public void removeOption(int index) {
        if (options.size() > Poll.MIN_OPTIONS && index >= 0 && index < options.size()) {
            options.remove(index);
        }
    }

    public String create() {
        // Non-short-circuit '&': every field gets its message in one go.
        boolean valid = checkQuestion() & checkDescription() & checkOptions() & checkClosingTime();
        if (!valid) {
            FacesContext.getCurrentInstance().validationFailed();
            return null;
        }
        try {
            PollView created = polls.create(new NewPoll(question, description,
                    options.stream().map(OptionField::getText).toList(), closing),
                    currentUser.getUsername());
            messages.flash(FacesMessage.SEVERITY_INFO, "newPoll.created", created.question());
            return "/poll?faces-redirect=true&id=" + created.id();
        } catch (InvalidPollException e) {
            // A rule the checks above missed (or a closing time that passed meanwhile).
            messages.error(clientIdOf(e.field()), "newPoll.invalid." + e.field());
            FacesContext.getCurrentInstance().validationFailed();
            return null;
        }
    }

    private boolean checkQuestion() {
        if (question == null || question.isBlank()) {
            messages.error(FORM + ":question", "newPoll.question.required");
            return false;
        }
        if (question.strip().length() > Poll.MAX_QUESTION_LENGTH) {
            messages.error(FORM + ":question", "newPoll.tooLong", Poll.MAX_QUESTION_LENGTH);
            return false;
        }
        return true;
    }

    private boolean checkDescription() {
        if (description != null && description.strip().length() > Poll.MAX_DESCRIPTION_LENGTH) {
            messages.error(FORM + ":description", "newPoll.tooLong", Poll.MAX_DESCRIPTION_LENGTH);
            return false;
        }
        return true;
    }

    private boolean checkOptions() {
        boolean valid = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            String text = options.get(i).getText();
            String clientId = FORM + ":options:" + i + ":option";
            if (text == null || text.isBlank()) {
                messages.error(clientId, "newPoll.option.required");
                valid = false;
            } else if (text.strip().length() > PollOption.MAX_LABEL_LENGTH) {
                messages.error(clientId, "newPoll.tooLong", PollOption.MAX_LABEL_LENGTH);
                valid = false;
            } else if (!seen.add(text.strip().toLowerCase(Locale.ROOT))) {
                messages.error(clientId, "newPoll.option.duplicate");
                valid = false;
            }
        }
        return valid;
    }

    /** An empty field means "no closing time"; anything else must be a future time. */
    private boolean checkClosingTime() {
        closing = null;
        if (closesAt == null || closesAt.isBlank()) {
            return true;
        }
        Optional<Instant> parsed = DisplayTimes.parseField(closesAt);
        if (parsed.isEmpty()) {
            messages.error(FORM + ":closesAt", "newPoll.closesAt.format");
            return false;
        }
        if (!parsed.get().isAfter(clock.instant())) {
            messages.error(FORM + ":closesAt", "newPoll.invalid.closesAt");
            return false;
        }
        closing = parsed.get();
        return true;
    }

    private static String clientIdOf(String field) {
        return switch (field) {
            case "question", "description", "closesAt" -> FORM + ":" + field;
            default -> null;
        };
    }

    public boolean isCanAddOption() {
        return options.size() < Poll.MAX_OPTIONS;
    }

    public boolean isCanRemoveOption() {
        return options.size() > Poll.MIN_OPTIONS;
    }

    public List<OptionField> getOptions() {
        return options;
    }

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

    public String getClosesAt() {
        return closesAt;
    }

    public void setClosesAt(String closesAt) {
        this.closesAt = closesAt;
    }
}
