/* sphinx-blogext: video players that load on demand.
 *
 * The page holds a button where a video can play (blogext/_embed.html); nothing comes
 * from the video host until the reader presses it. The button is hidden in the markup,
 * so a reader without JavaScript sees only the talk's plain link: this script shows it,
 * and on a press puts the host's player in its place, with the keyboard focus on it. */
(function () {
  "use strict";

  // the only players loaded: YouTube's privacy-enhanced domain, Vimeo's with dnt=1
  var PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];

  function allowed(src) {
    return PLAYERS.some(function (prefix) {
      return src.indexOf(prefix) === 0;
    });
  }

  function play(box, button) {
    var frame = document.createElement("iframe");
    frame.className = "blogext-embed-frame";
    frame.src = box.getAttribute("data-blogext-embed");
    frame.title = box.getAttribute("data-blogext-title") || "";
    frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    box.classList.add("blogext-embed-playing");
    box.replaceChild(frame, button);
    // the button is gone: the player takes the focus, so the keyboard goes on from there
    frame.focus();
  }

  function prepare(box) {
    var button = box.querySelector(".blogext-embed-play");
    if (!button || !allowed(box.getAttribute("data-blogext-embed") || "")) {
      return;
    }
    button.addEventListener("click", function () {
      play(box, button);
    });
    box.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-blogext-embed]"), prepare);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
