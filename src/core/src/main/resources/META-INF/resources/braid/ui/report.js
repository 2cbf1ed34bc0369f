/* The self-contained report: the run view drawn from the data inlined by the server, no network. */
(function (Braid) {
  'use strict';
  var data = window.BRAID_REPORT;
  var main = document.createElement('main');
  main.className = 'report';
  document.body.appendChild(main);
  var intro = document.createElement('p');
  intro.className = 'generated';
  intro.textContent = 'Braid run report · generated ' + new Date(data.generated).toLocaleString();
  main.appendChild(intro);
  var view = document.createElement('div');
  main.appendChild(view);
  Braid.RunView.render(view, data.run, data.workflow, { live: false, canStart: false });
})(window.Braid = window.Braid || {});
