package app.vote.platform.web;

import app.vote.poll.boundary.PageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Figures for the pager tag ({@code WEB-INF/tags/pager.xhtml}): how many pages a listing has. */
@Named
@ApplicationScoped
public class Paging {

    public long pageCount(PageView<?> page) {
        return Math.max(1, (page.totalItems() + page.size() - 1) / page.size());
    }
}
