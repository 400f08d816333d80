/*
 * Boots h5p-standalone for every [data-h5p-player] on the page and connects it to the server.
 *
 * - One at a time: a player starts only when the previous one's content is running in its frame.
 *   h5p-standalone keeps one global H5PIntegration (with one library path) that a frame reads when its
 *   scripts have loaded, so a player started earlier would hand its libraries to the one still loading.
 * - Resume: the saved state is fetched before the player starts and handed to the content (H5P core only
 *   does that when saveFreq is set). It is saved after an interaction (debounced), after every stored
 *   result, every 30 seconds and when the page is hidden or left (fetch keepalive, with the CSRF header).
 *   A save that fails is retried with backoff and is not counted as saved.
 * - The state is stored as {packageVersion, state}: a state saved for another version of the package is
 *   dropped, and so is the memory of one (this device remembers which version it last saved) when the
 *   server cleared the states on a new package; either way the learner is told they start again.
 * - One result per submission: an identical statement sent again within a second is dropped.
 * - A passing result fills in the lesson block's "Passed." without a reload.
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
  var START_TIMEOUT_MS = 30000;
  var START_GRACE_MS = 3000; // after the frame's scripts have loaded, the content must be running soon
  var players = window.signaalH5PPlayer.players;
  var Standalone = null; // kept: the global H5PStandalone does not survive the first player's start

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        Standalone = window.H5PStandalone.H5P;
        resolve();
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

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

  function instanceIn(frameWindow, contentId) {
    var h5p = frameWindow && frameWindow.H5P;
    var instances = (h5p && h5p.instances) || [];
    for (var i = 0; i < instances.length; i++) {
      if (String(instances[i].contentId) === contentId) {
        return instances[i];
      }
    }
    return null;
  }

  function currentState(player) {
    var instance = player.instance;
    if (!instance || typeof instance.getCurrentState !== "function") {
      return null;
    }
    var state;
    try {
      state = instance.getCurrentState();
    } catch (error) {
      return null;
    }
    if (state === undefined || state === null) {
      return null;
    }
    return JSON.stringify({ packageVersion: player.packageVersion, state: state });
  }

  function saveState(player, keepalive) {
    var sent = null;
    function nextBody() {
      var data = currentState(player);
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

  function onXAPI(player, event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.verb) {
      return;
    }
    if (RECORDED_VERBS.indexOf(statement.verb.id) === -1) {
      scheduleSave(player); // an interaction: keep the progress, without a request per keystroke
      return;
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
      });
  }

  // --- Start ---------------------------------------------------------------------------------------

  function showMessage(element, className, text, role) {
    var message = document.createElement("p");
    message.className = className;
    message.setAttribute("role", role);
    message.textContent = text;
    element.insertBefore(message, element.firstChild);
  }

  function showError(element) {
    var container = element.querySelector(".h5p-activity__player");
    if (container) {
      container.hidden = true; // no empty box
    }
    if (!element.querySelector(".h5p-activity__error")) {
      showMessage(element, "h5p-activity__error", element.dataset.errorText, "alert");
    }
    element.dataset.h5pReady = "failed";
  }

  // h5p-standalone's iframe has no name; screen readers announce frames by their title (WCAG 4.1.2).
  function nameFrame(element, frame) {
    var name = element.getAttribute("aria-label");
    if (frame && name && !frame.title) {
      frame.title = name;
    }
  }

  // Resolves with the content instance once it runs in its frame; rejects when it does not start.
  function whenRunning(player) {
    var started = Date.now();
    var loadedAt = null;
    return new Promise(function (resolve, reject) {
      (function check() {
        var frame = player.container.querySelector("iframe.h5p-iframe");
        var frameWindow = frame && frame.contentWindow;
        var instance = instanceIn(frameWindow, player.contentId);
        if (instance) {
          resolve({ instance: instance, frame: frame, h5p: frameWindow.H5P });
          return;
        }
        var loaded = frameWindow && frameWindow.H5P && frameWindow.document.readyState === "complete";
        loadedAt = loaded ? loadedAt || Date.now() : null;
        if (Date.now() - started > START_TIMEOUT_MS || (loadedAt && Date.now() - loadedAt > START_GRACE_MS)) {
          reject(new Error("the content did not start"));
          return;
        }
        window.setTimeout(check, 50);
      })();
    });
  }

  function boot(player, saved) {
    var data = player.element.dataset;
    var options = {
      id: player.contentId,
      h5pJsonPath: data.h5pJsonPath,
      frameJs: data.frameJs,
      frameCss: data.frameCss,
      xAPIObjectIRI: player.iri,
      frame: false,
      icon: false,
      copyright: false,
      export: false,
      saveFreq: SAVE_FREQ_S, // H5P core hands the saved state to the content only when this is set
      metadata: { title: data.title || "", license: data.license || "U", defaultLanguage: data.language },
    };
    try {
      options.translations = JSON.parse(data.strings);
    } catch (error) {
      // H5P's English strings then
    }
    if (saved.state) {
      options.contentUserData = [{ state: saved.state }]; // index 0: the main content (sub-content id 0)
    }
    if (saved.reset) {
      showMessage(player.element, "h5p-activity__notice", data.resetText, "status");
      remember(player); // told once
    }
    return new Standalone(player.container, options)
      .then(function () {
        return whenRunning(player);
      })
      .then(function (running) {
        player.instance = running.instance;
        nameFrame(player.element, running.frame);
        running.h5p.externalDispatcher.on("xAPI", function (event) {
          onXAPI(player, event);
        });
        players.push(player);
        player.element.dataset.h5pReady = "true";
      });
  }

  function playerFor(element) {
    var data = element.dataset;
    return {
      element: element,
      container: element.querySelector(".h5p-activity__player"),
      activityId: data.activityId,
      contentId: "signaal-" + data.activityId,
      packageVersion: data.packageVersion,
      iri: data.iri,
      xapiUrl: data.xapiUrl,
      stateUrl: data.stateUrl,
      csrfToken: data.csrfToken,
      instance: null,
      savedState: null,
      saveTimer: null,
      recent: {},
      stateQueue: Promise.resolve(),
      statementQueue: Promise.resolve(),
    };
  }

  function main() {
    var elements = Array.prototype.slice.call(document.querySelectorAll("[data-h5p-player]"));
    if (!elements.length) {
      return;
    }
    var pending = elements.map(playerFor);
    var states = pending.map(loadState); // all at once; the players themselves start one by one
    var chain = loadScript(elements[0].dataset.playerJs);
    pending.forEach(function (player, index) {
      chain = chain.then(function () {
        return states[index]
          .then(function (saved) {
            return boot(player, saved);
          })
          .catch(function (error) {
            window.console.error("H5P activity " + player.activityId + " failed to start:", error);
            showError(player.element);
          });
      });
    });
    chain.catch(function () {
      elements.forEach(showError);
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
