/* Koppel: after a form comes back with problems, the keyboard and screen-reader focus
   goes to the summary of those problems (it has tabindex="-1"), so nobody has to hunt
   for what went wrong; each item there links to its field. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
}());
