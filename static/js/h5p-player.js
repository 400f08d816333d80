/*
 * Plays every [data-h5p-player] on the page in a sandboxed frame and connects it to the server.
 *
 * - Isolation: each activity runs in its own frame with sandbox="allow-scripts …" and without
 *   allow-same-origin (h5p/sandbox.py): the package cannot read this page or act as the learner. The frame
 *   (static/js/h5p-frame.js) sends messages; this script accepts only those from that frame's window, of the
 *   known types and shapes, and posts results and saved state for that frame's activity with the CSRF token.
 *   Each frame has its own H5PIntegration, so several activities start side by side.
 * - Resume: the saved state is fetched before the frame starts the content and handed to it. The frame reports
 *   its state after interactions; it is saved a moment after (debounced), after every stored result, every 30
 *   seconds and when the page is hidden or left (fetch keepalive, with the CSRF header). A save that fails is
 *   retried with backoff; when it keeps failing, the learner is told, and told again when it lands.
 * - The state is stored as {packageVersion, state}: a state saved for another version of the package is
 *   dropped, and so is the memory of one (this device remembers which version it last saved) when the
 *   server cleared the states on a new package; either way the learner is told they start again.
 * - One result per submission: an identical statement sent again within a second is dropped.
 * - A passing result fills in the lesson block's "Passed." without a reload.
 * - "Full screen" under every activity shows its frame full screen, whatever the content type.
 *
 * Everything the script needs comes from data attributes (see templates/h5p/includes/player.html);
 * the CSRF token too, because the CSRF cookie is HttpOnly. No inline scripts, no CDN.
 */
(function () {
  "use strict";

  if (window.signaalH5PPlayer) {
    return; // the include may appear several times on one page; boot once
  }
  window.signaalH5PPlayer = { players: [] };

  var VERB = "http://adlnet.gov/expapi/verbs/";
  var RECORDED_VERBS = [
    VERB + "answered",
    VERB + "completed",
    VERB + "passed",
    VERB + "failed",
    VERB + "experienced",
    "http://activitystrea.ms/schema/1.0/consume",
  ];
  var COMPLETING_VERBS = [VERB + "completed", VERB + "passed"];
  var SUB_CONTENT_EXTENSION = "http://h5p.org/x-api/h5p-subContentId";
  var SAVE_FREQ_S = 30;
  var SAVE_AFTER_INTERACTION_MS = 1500;
  var DUPLICATE_WINDOW_MS = 1000;
  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
  var KEEPALIVE_MAX_BYTES = 60000; // browsers refuse keepalive bodies over 64 KiB
  var START_TIMEOUT_MS = 40000; // the frame gives up after 30 s and says so; this covers a frame that never loads
  var STATEMENT_MAX_CHARS = 64 * 1024;
  var players = window.signaalH5PPlayer.players;

  function delay(ms) {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, ms);
    });
  }

  function request(player, url, method, body, keepalive) {
    var headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRFToken"] = player.csrfToken;
    }
    var json = body === undefined ? undefined : JSON.stringify(body);
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: headers,
      body: json,
      keepalive: Boolean(keepalive && json && json.length < KEEPALIVE_MAX_BYTES),
    });
  }

  function isRetryable(status) {
    return status === 0 || status === 408 || status === 429 || status >= 500;
  }

  // POST what makeBody() returns (null: nothing left to send) until it lands, a few times with backoff.
  function postWithRetry(player, url, makeBody, keepalive, attempt) {
    var body = makeBody();
    if (body === null) {
      return Promise.resolve(null);
    }
    attempt = attempt || 0;
    return request(player, url, "POST", body, keepalive)
      .then(function (response) {
        return response.ok || !isRetryable(response.status) ? response : Promise.reject(response);
      })
      .catch(function (failure) {
        if (attempt >= RETRY_DELAYS_MS.length) {
          return Promise.reject(failure);
        }
        return delay(RETRY_DELAYS_MS[attempt]).then(function () {
          return postWithRetry(player, url, makeBody, false, attempt + 1);
        });
      });
  }

  function readJSON(response) {
    return response.json().catch(function () {
      return {};
    });
  }

  // --- Saved state ---------------------------------------------------------------------------------

  function rememberedKey(player) {
    return "signaal.h5p." + player.activityId;
  }

  function remembered(player) {
    try {
      return window.localStorage.getItem(rememberedKey(player));
    } catch (error) {
      return null; // storage may be disabled
    }
  }

  function remember(player) {
    try {
      window.localStorage.setItem(rememberedKey(player), player.packageVersion);
    } catch (error) {
      // nothing to do: the notice after a package change is then not shown on this device
    }
  }

  // {state: the H5P state as a JSON string or null, reset: whether the learner must be told}
  function parseSaved(player, json) {
    var data = json && typeof json.data === "string" ? json.data : null;
    var lost = remembered(player);
    var reset = json && json.reset === true;
    if (data === null) {
      return { state: null, reset: reset || (lost !== null && lost !== player.packageVersion) };
    }
    var parsed = null;
    try {
      parsed = JSON.parse(data);
    } catch (error) {
      return { state: null, reset: true };
    }
    if (parsed && typeof parsed === "object" && "packageVersion" in parsed && "state" in parsed) {
      if (parsed.packageVersion !== player.packageVersion) {
        request(player, player.stateUrl, "DELETE").catch(function () {}); // saved late from the old page
        return { state: null, reset: true };
      }
      return { state: JSON.stringify(parsed.state), reset: false };
    }
    return { state: data, reset: false }; // saved before versions were stored: the current package's
  }

  function loadState(player) {
    return request(player, player.stateUrl, "GET")
      .then(function (response) {
        return response.ok ? readJSON(response) : {};
      })
      .catch(function () {
        return {};
      })
      .then(function (json) {
        return parseSaved(player, json);
      });
  }

  function saveState(player, keepalive) {
    var sent = null;
    function nextBody() {
      var data = player.latestState;
      if (data === null || data === player.savedState) {
        return null;
      }
      sent = data;
      return { data: data };
    }
    return postWithRetry(player, player.stateUrl, nextBody, keepalive).then(function (response) {
      if (response && response.ok) {
        player.savedState = sent;
        remember(player);
        showSaved(player, true);
      } else if (response) {
        showSaved(player, false); // refused, e.g. too large: retrying would not help
      }
    });
  }

  function enqueueSave(player, keepalive) {
    if (keepalive) {
      saveState(player, true).catch(function () {}); // the page is going away: do not wait in line
      return;
    }
    player.stateQueue = player.stateQueue
      .then(function () {
        return saveState(player, false);
      })
      .catch(function (error) {
        window.console.warn("H5P activity " + player.activityId + ": progress not saved", error);
        showSaved(player, false);
      });
  }

  function scheduleSave(player) {
    window.clearTimeout(player.saveTimer);
    player.saveTimer = window.setTimeout(function () {
      enqueueSave(player, false);
    }, SAVE_AFTER_INTERACTION_MS);
  }

  // --- Statements ----------------------------------------------------------------------------------

  function isChild(statement) {
    var context = statement.context || {};
    var object = statement.object || {};
    var extensions = (object.definition && object.definition.extensions) || {};
    return Boolean(
      (context.contextActivities && context.contextActivities.parent) ||
        String(object.id || "").indexOf("subContentId=") !== -1 ||
        extensions[SUB_CONTENT_EXTENSION]
    );
  }

  // The server's rule (h5p/selectors.py activity_is_passed) applied to one statement.
  function statementPasses(statement, thresholdPercent) {
    if (isChild(statement)) {
      return false;
    }
    var result = statement.result || {};
    var score = result.score || {};
    var completed = result.completion === true || COMPLETING_VERBS.indexOf(statement.verb.id) !== -1;
    if (typeof score.raw !== "number" || typeof score.max !== "number" || score.max <= 0) {
      return thresholdPercent === 0 && completed;
    }
    return (score.raw / score.max) * 100 >= thresholdPercent;
  }

  function showPassed(player, statement, json) {
    var block = player.element.closest("[data-h5p-block]");
    if (!block) {
      return;
    }
    var threshold = Number(block.dataset.passThreshold || 0);
    var passed = typeof json.passed === "boolean" ? json.passed : statementPasses(statement, threshold);
    var label = block.querySelector("[data-h5p-passed]");
    if (!passed || !label) {
      return;
    }
    label.textContent = label.dataset.h5pPassed;
    var required = block.querySelector("[data-h5p-required]");
    if (required) {
      required.hidden = true;
    }
  }

  function isDuplicate(player, statement) {
    var key = JSON.stringify([statement.verb.id, statement.object && statement.object.id, statement.result]);
    var now = Date.now();
    var last = player.recent[key];
    Object.keys(player.recent).forEach(function (other) {
      if (now - player.recent[other] > DUPLICATE_WINDOW_MS) {
        delete player.recent[other];
      }
    });
    player.recent[key] = now;
    return last !== undefined && now - last <= DUPLICATE_WINDOW_MS;
  }

  function onStatement(player, statement) {
    if (RECORDED_VERBS.indexOf(statement.verb.id) === -1) {
      return; // an interaction: the frame sends its state, which is saved a moment later
    }
    var objectId = (statement.object && statement.object.id) || "";
    if (objectId !== player.iri && objectId.indexOf(player.iri + "?") !== 0) {
      return;
    }
    if (isDuplicate(player, statement)) {
      return; // one submission reported twice must not count as two attempts
    }
    // In order, one at a time: a retried statement is never overtaken by the next.
    player.statementQueue = player.statementQueue
      .then(function () {
        return postWithRetry(player, player.xapiUrl, function () {
          return { statement: statement };
        });
      })
      .then(function (response) {
        return readJSON(response).then(function (json) {
          player.element.dispatchEvent(
            new CustomEvent("h5p:statement", { bubbles: true, detail: { status: response.status } })
          );
          if (response.ok && json.stored !== false) {
            showPassed(player, statement, json);
          }
          enqueueSave(player, false);
        });
      })
      .catch(function (error) {
        window.console.warn("H5P activity " + player.activityId + ": result not sent", error);
        showSaved(player, false);
      });
  }

  // --- Messages to the learner -----------------------------------------------------------------------

  function showMessage(element, className, text, role) {
    var message = document.createElement("p");
    message.className = className;
    message.setAttribute("role", role);
    message.textContent = text;
    element.insertBefore(message, element.firstChild);
    return message;
  }

  // Tells the learner when their progress could not be saved, and again once it is.
  function showSaved(player, saved) {
    var notice = player.element.querySelector(".h5p-activity__unsaved");
    if (!saved && !notice) {
      showMessage(player.element, "h5p-activity__error h5p-activity__unsaved", player.element.dataset.unsavedText, "status");
    } else if (saved && notice) {
      notice.className = "h5p-activity__notice h5p-activity__unsaved-cleared";
      notice.textContent = player.element.dataset.savedText;
    }
  }

  function showError(player) {
    window.clearTimeout(player.startTimer);
    if (player.container) {
      player.container.hidden = true; // no empty box
    }
    if (!player.element.querySelector(".h5p-activity__error")) {
      showMessage(player.element, "h5p-activity__error", player.element.dataset.errorText, "alert");
    }
    player.element.dataset.h5pReady = "failed";
  }

  // --- The frame -------------------------------------------------------------------------------------

  function isStatement(value) {
    return (
      value !== null &&
      typeof value === "object" &&
      value.verb !== null &&
      typeof value.verb === "object" &&
      typeof value.verb.id === "string" &&
      JSON.stringify(value).length <= STATEMENT_MAX_CHARS
    );
  }

  // One message from a player's own frame; anything of another shape is ignored.
  function onMessage(player, data) {
    if (data.type === "ready" && !player.startSent) {
      player.startSent = true;
      player.saved.then(function (saved) {
        if (saved.reset) {
          showMessage(player.element, "h5p-activity__notice", player.element.dataset.resetText, "status");
          remember(player); // told once
        }
        player.frame.contentWindow.postMessage({ signaal: "h5p", type: "start", state: saved.state, iri: player.iri }, "*");
      });
    } else if (data.type === "started" && player.element.dataset.h5pReady !== "true") {
      window.clearTimeout(player.startTimer);
      player.element.dataset.h5pReady = "true";
      if (player.fullscreenButton && player.frame.requestFullscreen) {
        player.fullscreenButton.hidden = false;
      }
    } else if (data.type === "failed") {
      showError(player);
    } else if (data.type === "statement" && isStatement(data.statement)) {
      onStatement(player, data.statement);
    } else if (data.type === "state" && typeof data.state === "string" && data.state.length <= player.stateMaxBytes) {
      var state;
      try {
        state = JSON.parse(data.state);
      } catch (error) {
        return;
      }
      player.latestState = JSON.stringify({ packageVersion: player.packageVersion, state: state });
      scheduleSave(player);
    } else if (data.type === "resize" && typeof data.height === "number" && data.height > 0 && data.height < 20000) {
      player.frame.style.height = Math.ceil(data.height) + "px";
    }
  }

  function frameFor(player) {
    var frame = document.createElement("iframe");
    // No allow-same-origin: the frame's origin is opaque. Popups (links in the content) open outside the sandbox.
    frame.setAttribute("sandbox", "allow-scripts allow-popups allow-popups-to-escape-sandbox");
    frame.setAttribute("allow", "fullscreen");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.title = player.element.dataset.title || "";
    frame.src = player.element.dataset.frameUrl;
    return frame;
  }

  function playerFor(element) {
    var data = element.dataset;
    return {
      element: element,
      container: element.querySelector(".h5p-activity__player"),
      fullscreenButton: element.querySelector("[data-h5p-fullscreen]"),
      frame: null,
      activityId: data.activityId,
      packageVersion: data.packageVersion,
      iri: data.iri,
      xapiUrl: data.xapiUrl,
      stateUrl: data.stateUrl,
      stateMaxBytes: Number(data.stateMaxBytes || 65536),
      csrfToken: data.csrfToken,
      saved: null,
      startSent: false,
      startTimer: null,
      latestState: null,
      savedState: null,
      saveTimer: null,
      recent: {},
      stateQueue: Promise.resolve(),
      statementQueue: Promise.resolve(),
    };
  }

  function start(player) {
    player.saved = loadState(player);
    player.frame = frameFor(player);
    player.startTimer = window.setTimeout(function () {
      showError(player);
    }, START_TIMEOUT_MS);
    if (player.fullscreenButton) {
      player.fullscreenButton.addEventListener("click", function () {
        player.frame.requestFullscreen().catch(function (error) {
          window.console.warn("H5P activity " + player.activityId + ": no full screen", error);
        });
      });
    }
    player.container.appendChild(player.frame);
    players.push(player);
  }

  // An activity that loads content from other sites starts only when the learner asks for it.
  function startWhenAllowed(player) {
    var consent = player.element.querySelector("[data-h5p-consent]");
    if (!consent) {
      start(player);
      return;
    }
    var button = consent.querySelector("[data-h5p-load]");
    button.hidden = false;
    button.addEventListener("click", function () {
      consent.remove();
      start(player);
      player.container.setAttribute("tabindex", "-1");
      player.container.focus();
    });
  }

  function main() {
    var elements = Array.prototype.slice.call(document.querySelectorAll("[data-h5p-player]"));
    elements
      .filter(function (element) {
        return element.dataset.frameUrl && element.querySelector(".h5p-activity__player");
      })
      .map(playerFor)
      .forEach(startWhenAllowed);
    if (!elements.length) {
      return;
    }
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (!data || typeof data !== "object" || data.signaal !== "h5p" || typeof data.type !== "string") {
        return;
      }
      for (var i = 0; i < players.length; i++) {
        var player = players[i];
        // Only the player's own frame, at the origin it was given: opaque ("null") for a sandboxed frame.
        if (player.frame && event.source === player.frame.contentWindow) {
          if (event.origin === "null" || event.origin === player.element.dataset.frameOrigin) {
            onMessage(player, data);
          }
          return;
        }
      }
    });
    window.setInterval(function () {
      players.forEach(function (player) {
        enqueueSave(player, false);
      });
    }, SAVE_FREQ_S * 1000);
    function saveAll() {
      players.forEach(function (player) {
        enqueueSave(player, true);
      });
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        saveAll();
      }
    });
    window.addEventListener("pagehide", saveAll);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
