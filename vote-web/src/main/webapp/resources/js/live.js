/*
 * The only script of the app's own: keeps an open poll's results current on its page. It
 * subscribes to the API's results stream (server-sent events, the one integrators use: the
 * current results at once, then after every change, at most about four times a second) and
 * writes the counts into the bars the page rendered. It needs no server session and no Faces
 * view state, so a visitor who is not signed in costs the server nothing between requests.
 * The browser's EventSource reconnects by itself after a dropped connection (a restarted server,
 * a load balancer's idle timeout, a stream the server ended at its maximum age); the first event
 * after it brings the counts up to date.
 * Everything else works without JavaScript.
 */
(function () {
    "use strict";

    function showLive(open) {
        document.body.setAttribute("data-live", open ? "open" : "closed");
        var status = document.getElementById("live-status");
        if (status) {
            status.hidden = !open;
        }
    }

    function setText(row, selector, text) {
        var element = row.querySelector(selector);
        if (element) {
            element.textContent = text;
        }
    }

    function show(results, counts) {
        counts.options.forEach(function (option) {
            var row = results.querySelector("li.result[data-option-id='" + option.id + "']");
            if (!row) {
                return;
            }
            row.setAttribute("data-votes", String(option.votes));
            var bar = row.querySelector("progress");
            bar.setAttribute("value", String(option.percent));
            bar.textContent = option.percent + " %";
            setText(row, ".votes", String(option.votes));
            setText(row, ".unit", option.votes === 1 ? results.dataset.voteOne : results.dataset.voteMany);
            setText(row, ".percent", String(option.percent));
        });
        var total = document.getElementById("totalVotes");
        if (total) {
            total.textContent = String(counts.totalVotes);
        }
    }

    function start() {
        var results = document.getElementById("results");
        if (!results || !results.dataset.stream || !window.EventSource) {
            return;
        }
        var stream = new EventSource(results.dataset.stream);
        stream.onopen = function () {
            showLive(true);
        };
        stream.onerror = function () {
            showLive(false);
        };
        stream.addEventListener("results", function (event) {
            show(results, JSON.parse(event.data));
        });
    }

    // After the page has loaded: a connection that never ends must not hold up its loading.
    if (document.readyState === "complete") {
        start();
    } else {
        window.addEventListener("load", start);
    }
}());
