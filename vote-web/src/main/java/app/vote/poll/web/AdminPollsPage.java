package app.vote.poll.web;

import app.vote.platform.web.FacesMessages;
import app.vote.poll.boundary.PageView;
import app.vote.poll.boundary.PollFilter;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.boundary.PollService;
import app.vote.poll.boundary.PollView;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * Administration: every poll with its vote total, closing and deleting. Deleting takes two steps
 * without JavaScript: the Delete button leads to {@code ?delete=ID}, which asks for confirmation.
 * View-scoped so the rows a button was rendered in are still there when its POST is decoded.
 */
@Named
@ViewScoped
public class AdminPollsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    static final int PAGE_SIZE = 20;

    @EJB
    PollService polls;

    @Inject
    FacesMessages messages;

    private int page;
    private Long deleteId;
    private PageView<PollView> list;
    private PollView toDelete;

    public void load() {
        list = polls.list(PollFilter.ALL, page, PAGE_SIZE);
        if (deleteId != null) {
            try {
                toDelete = polls.find(deleteId);
            } catch (PollNotFoundException e) {
                toDelete = null;
            }
        }
    }

    public String close(long pollId) {
        try {
            PollView closed = polls.close(pollId);
            messages.flash(FacesMessage.SEVERITY_INFO, "admin.closed", closed.question());
        } catch (PollNotFoundException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "admin.gone");
        }
        return list();
    }

    public String delete(long pollId) {
        try {
            String question = polls.find(pollId).question();
            polls.delete(pollId);
            messages.flash(FacesMessage.SEVERITY_INFO, "admin.deleted", question);
        } catch (PollNotFoundException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "admin.gone");
        }
        return list();
    }

    private String list() {
        return "/admin/polls?faces-redirect=true&page=" + page;
    }

    public PageView<PollView> getPolls() {
        return list;
    }

    public PollView getToDelete() {
        return toDelete;
    }


    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = Math.max(page, 0);
    }

    /** The raw {@code delete} parameter; anything that is not a number asks nothing. */
    public String getDelete() {
        return deleteId == null ? null : deleteId.toString();
    }

    public void setDelete(String value) {
        try {
            deleteId = value == null || value.isBlank() ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            deleteId = null;
        }
    }
}
