/*
 * Runs inside the sandbox document of one H5P activity (templates/h5p/frame.html, h5p/sandbox.py).
 *
 * The content runs in this document (h5p-standalone's "div" embedding): a frame inside a sandbox without
 * allow-same-origin would get an origin of its own, which h5p-standalone could not write into.
 * The frame has an opaque origin: it cannot read the lesson page, its requests carry no session, and it has no
 * CSRF token. It loads the package's files with the capability in their URLs, and tells the lesson page
 * (static/js/h5p-player.js), which alone talks to the server, what happens:
 *   ready                  the script listens; the page answers with {type: "start", state, iri}
 *   started | failed       the content runs, or did not start
 *   statement {statement}  an xAPI statement the content sent
 *   state {state}          the content's current state (JSON text, or null), whenever it may have changed
 *   resize {height}        the document's height, so the page can size the frame
 * Every message carries signaal: "h5p" and goes to the lesson page's origin only.
 */
(function () {
  "use strict";

  // A sandboxed document has no web storage: reading localStorage throws. H5P core and content types use it for
  // small conveniences (a clipboard, an offline queue); they get a store that lives as long as the page.
  function memoryStorage() {
    var items = {};
    return {
      getItem: function (key) {
        return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null;
      },
      setItem: function (key, value) {
        items[key] = String(value);
      },
      removeItem: function (key) {
        delete items[key];
      },
      clear: function () {
        items = {};
      },
      key: function (index) {
        return Object.keys(items)[index] || null;
      },
      get length() {
        return Object.keys(items).length;
      },
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      void window[name];
    } catch (error) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  });

  var root = document.getElementById("h5p-content");
  var config = root.dataset;
  var parentOrigin = config.parentOrigin;
  var STATE_AFTER_INTERACTION_MS = 0; // right after the content's own handlers: the page debounces its saves
  var SAVE_FREQ_S = 30;
  var START_TIMEOUT_MS = 30000;
  var START_GRACE_MS = 3000; // after the content frame's scripts have loaded, the content must be running soon
  var instance = null;
  var lastState = null;
  var stateTimer = null;
  var started = false;

  function send(message) {
    message.signaal = "h5p";
    window.parent.postMessage(message, parentOrigin);
  }

  function currentState() {
    if (!instance || typeof instance.getCurrentState !== "function") {
      return null;
    }
    try {
      var state = instance.getCurrentState();
      return state === undefined || state === null ? null : JSON.stringify(state);
    } catch (error) {
      return null;
    }
  }

  function sendState() {
    window.clearTimeout(stateTimer);
    var state = currentState();
    if (state !== null && state !== lastState) {
      lastState = state;
      send({ type: "state", state: state });
    }
  }

  function sendStateSoon() {
    window.clearTimeout(stateTimer);
    stateTimer = window.setTimeout(sendState, STATE_AFTER_INTERACTION_MS);
  }

  // Resolves with the content instance once it runs; rejects when it does not start.
  function whenRunning(contentId) {
    var begun = Date.now();
    var loadedAt = null;
    return new Promise(function (resolve, reject) {
      (function check() {
        var instances = (window.H5P && window.H5P.instances) || [];
        for (var i = 0; i < instances.length; i++) {
          if (String(instances[i].contentId) === contentId) {
            resolve(instances[i]);
            return;
          }
        }
        var loaded = window.H5P && typeof window.H5P.init === "function" && document.readyState === "complete";
        loadedAt = loaded ? loadedAt || Date.now() : null;
        if (Date.now() - begun > START_TIMEOUT_MS || (loadedAt && Date.now() - loadedAt > START_GRACE_MS)) {
          reject(new Error("the content did not start"));
          return;
        }
        window.setTimeout(check, 50);
      })();
    });
  }

  // Some content reports as soon as it is shown (the accordion's "consumed" comes from attach), before
  // h5p-standalone's promise resolves: listen on H5P core's dispatcher the moment core creates it.
  function listenFromTheStart(onXAPI) {
    var h5p = (window.H5P = window.H5P || {});
    var dispatcher;
    Object.defineProperty(h5p, "externalDispatcher", {
      configurable: true,
      enumerable: true,
      get: function () {
        return dispatcher;
      },
      set: function (value) {
        dispatcher = value;
        if (value && typeof value.on === "function") {
          value.on("xAPI", onXAPI);
        }
      },
    });
  }

  var reportedHeight = 0;

  // The content's own height (not the frame's viewport, which the page sets from this).
  function reportHeight() {
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height > 0 && height !== reportedHeight) {
      reportedHeight = height;
      send({ type: "resize", height: height });
    }
  }

  function start(message) {
    var options = {
      id: config.contentId,
      h5pJsonPath: config.h5pJsonPath,
      frameJs: config.frameJs,
      frameCss: config.frameCss,
      embedType: "div", // the sandbox document is the content's frame: one frame, one H5PIntegration
      xAPIObjectIRI: typeof message.iri === "string" ? message.iri : undefined,
      frame: true, // the action bar, for the rights of use
      copyright: true,
      export: false,
      embed: false,
      icon: false,
      fullScreen: false, // the lesson page offers full screen for every content type
      saveFreq: SAVE_FREQ_S, // H5P core hands the saved state to the content only when this is set
      metadata: { title: config.title, license: config.license, defaultLanguage: config.language },
    };
    try {
      options.translations = JSON.parse(config.strings);
    } catch (error) {
      // H5P's English strings then
    }
    if (typeof message.state === "string") {
      options.contentUserData = [{ state: message.state }]; // index 0: the main content (sub-content id 0)
      lastState = message.state;
    }
    listenFromTheStart(function (event) {
      var statement = event && event.data && event.data.statement;
      if (statement && statement.verb) {
        send({ type: "statement", statement: statement });
      }
      sendStateSoon();
    });
    new window.H5PStandalone.H5P(root, options)
      .then(function () {
        return whenRunning(config.contentId);
      })
      .then(function (running) {
        instance = running;
        window.setInterval(sendState, SAVE_FREQ_S * 1000);
        send({ type: "started" });
        reportHeight();
      })
      .catch(function (error) {
        window.console.error("H5P activity failed to start:", error);
        send({ type: "failed" });
      });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || event.origin !== parentOrigin || !data || data.signaal !== "h5p") {
      return;
    }
    if (data.type === "start" && !started) {
      started = true;
      start(data);
    } else if (data.type === "flush") {
      sendState();
    }
  });
  if (window.ResizeObserver) {
    new window.ResizeObserver(reportHeight).observe(root);
  }
  window.addEventListener("pagehide", sendState);
  send({ type: "ready" });
})();
