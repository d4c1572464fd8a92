/* Koppel: a table wider than the screen scrolls sideways inside its .table-scroll box.
   Such a box becomes a named, keyboard-focusable region (so it can be scrolled without
   a mouse) and shows the hint text the page carries in body[data-scroll-hint]. */
(function () {
  "use strict";
  var hintText = document.body.dataset.scrollHint;

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var heading = box.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) { heading = heading.previousElementSibling; }
    return heading ? heading.textContent.trim() : hintText;
  }

  function update(box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-scrollable", wide);
    if (wide) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", nameOf(box));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
    var hint = box.previousElementSibling;
    var hasHint = hint && hint.classList.contains("scroll-hint");
    if (wide && !hasHint) {
      hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.textContent = hintText;
      box.parentNode.insertBefore(hint, box);
    } else if (!wide && hasHint) {
      hint.remove();
    }
  }

  function updateAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-scroll"), update);
  }

  updateAll();
  window.addEventListener("resize", updateAll);
}());
