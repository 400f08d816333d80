/*
 * Boots h5p-standalone for every [data-h5p-player] on the page, one after the other, and connects it
 * to the server: xAPI statements go to the activity's xAPI endpoint, saved state is loaded before the
 * player starts and saved on answers, every 30 seconds and when the page is hidden.
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

  var VERBS = [
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/failed",
  ];
  var SAVE_EVERY_MS = 30000;
  var players = window.signaalH5PPlayer.players;
  var hooked = [];
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

  function request(player, url, method, body) {
    var headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRFToken"] = player.csrfToken;
    }
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  function loadState(player) {
    return request(player, player.stateUrl, "GET")
      .then(function (response) {
        return response.ok ? response.json() : { data: null };
      })
      .then(function (json) {
        return json.data;
      })
      .catch(function () {
        return null;
      });
  }

  function h5pWindowOf(player) {
    var iframe = player.container.querySelector("iframe.h5p-iframe");
    return iframe && iframe.contentWindow && iframe.contentWindow.H5P ? iframe.contentWindow : window;
  }

  function instanceOf(player) {
    var h5p = h5pWindowOf(player).H5P;
    var instances = (h5p && h5p.instances) || [];
    for (var i = 0; i < instances.length; i++) {
      if (String(instances[i].contentId) === player.contentId) {
        return instances[i];
      }
    }
    return null;
  }

  function saveState(player) {
    var instance = instanceOf(player);
    if (!instance || typeof instance.getCurrentState !== "function") {
      return;
    }
    var state = instance.getCurrentState();
    if (state === undefined || state === null) {
      return;
    }
    var data = JSON.stringify(state);
    if (data === player.savedState) {
      return;
    }
    player.savedState = data;
    return request(player, player.stateUrl, "POST", { data: data });
  }

  function enqueueSave(player) {
    player.queue = player.queue
      .then(function () {
        return saveState(player);
      })
      .catch(function () {});
  }

  function playerFor(objectId) {
    for (var i = 0; i < players.length; i++) {
      var iri = players[i].iri;
      if (objectId === iri || objectId.indexOf(iri + "?") === 0) {
        return players[i];
      }
    }
    return null;
  }

  function onXAPI(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.verb || VERBS.indexOf(statement.verb.id) === -1) {
      return;
    }
    var player = playerFor((statement.object && statement.object.id) || "");
    if (!player) {
      return;
    }
    // One request at a time per player: the state is saved once the statement is stored.
    player.queue = player.queue
      .then(function () {
        return request(player, player.xapiUrl, "POST", { statement: statement });
      })
      .then(function (response) {
        player.element.dispatchEvent(
          new CustomEvent("h5p:statement", { bubbles: true, detail: { status: response.status } })
        );
        return saveState(player);
      })
      .catch(function () {});
  }

  function hookDispatcher(player) {
    var h5p = h5pWindowOf(player).H5P;
    if (h5p && h5p.externalDispatcher && hooked.indexOf(h5p.externalDispatcher) === -1) {
      hooked.push(h5p.externalDispatcher);
      h5p.externalDispatcher.on("xAPI", onXAPI);
    }
  }

  function showError(element) {
    var message = document.createElement("p");
    message.className = "h5p-activity__error";
    message.setAttribute("role", "alert");
    message.textContent = element.dataset.errorText;
    element.appendChild(message);
  }

  // h5p-standalone's iframe has no name; screen readers announce frames by their title (WCAG 4.1.2).
  function nameFrame(element, container) {
    var frame = container.querySelector("iframe");
    var name = element.getAttribute("aria-label");
    if (frame && name && !frame.title) {
      frame.title = name;
    }
  }

  function boot(element) {
    var data = element.dataset;
    var player = {
      element: element,
      container: element.querySelector(".h5p-activity__player"),
      contentId: "signaal-" + data.activityId,
      iri: data.iri,
      xapiUrl: data.xapiUrl,
      stateUrl: data.stateUrl,
      csrfToken: data.csrfToken,
      savedState: null,
      queue: Promise.resolve(),
    };
    return loadState(player).then(function (previous) {
      player.savedState = previous;
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
        saveFreq: false,
      };
      if (previous) {
        options.contentUserData = [{ state: previous }];
      }
      return new Standalone(player.container, options).then(function () {
        nameFrame(element, player.container);
        players.push(player);
        hookDispatcher(player);
        element.dataset.h5pReady = "true";
      });
    });
  }

  function main() {
    var elements = document.querySelectorAll("[data-h5p-player]");
    if (!elements.length) {
      return;
    }
    // Players are booted one after the other: h5p-standalone shares globals while it starts.
    var chain = loadScript(elements[0].dataset.playerJs);
    Array.prototype.forEach.call(elements, function (element) {
      chain = chain.then(function () {
        return boot(element).catch(function (error) {
          window.console.error("H5P activity " + element.dataset.activityId + " failed to start:", error);
          showError(element);
        });
      });
    });
    chain.catch(function () {
      Array.prototype.forEach.call(elements, showError);
    });
    window.setInterval(function () {
      players.forEach(enqueueSave);
    }, SAVE_EVERY_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        players.forEach(enqueueSave);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
