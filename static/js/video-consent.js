// Loads a video's third-party player only after the learner clicks play: no request to the video site before.
document.querySelectorAll("figure[data-video-embed]").forEach((figure) => {
  const button = figure.querySelector(".video__play");
  if (!button || figure.dataset.ready) return;
  figure.dataset.ready = "1";
  button.hidden = false;
  button.addEventListener("click", () => {
    const holder = document.createElement("div");
    holder.className = "video__frame";
    holder.innerHTML = figure.dataset.videoEmbed;
    // The embed's own aspect ratio, set through the CSSOM: the Content-Security-Policy refuses style attributes.
    const ratio = holder.querySelector("[data-ratio]");
    if (ratio && /^\d+(\.\d+)?%$/.test(ratio.dataset.ratio)) holder.style.paddingTop = ratio.dataset.ratio;
    figure.querySelector(".video__placeholder").replaceWith(holder);
    const frame = holder.querySelector("iframe");
    if (frame) frame.focus();
  });
});
