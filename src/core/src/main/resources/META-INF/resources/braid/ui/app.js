/* The dashboard: a small hash router over Braid's API. Live run pages follow Server-Sent Events and fall back
   to polling; list pages poll. Every call is same-origin with the browser's login. */
(function (Braid) {
  'use strict';

  var view = document.getElementById('view');
  var me = { user: '', roles: [], canStart: false };
  var cleanup = [];

  function api(method, path, body) {
    var init = { method: method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch('api' + path, init).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!r.ok) { throw new Error((json && json.error) || ('HTTP ' + r.status)); }
        return json;
      });
    });
  }

  function message(text, kind) {
    var m = document.getElementById('message');
    m.textContent = text || '';
    m.className = text ? 'message ' + (kind || 'info') : 'message';
  }

  function every(ms, fn) {
    fn();
    var id = setInterval(fn, ms);
    cleanup.push(function () { clearInterval(id); });
  }

  // ---- workflows -----------------------------------------------------------------------------------------

  function workflows(selectedName) {
    view.innerHTML = '<div class="split"><section class="panel list"><h2>Workflows</h2><ul id="workflows"></ul></section>'
      + '<section class="panel" id="workflow-detail"><p class="hint">Select a workflow to see its graph and start a run.</p></section></div>';
    api('GET', '/workflows').then(function (list) {
      var ul = document.getElementById('workflows');
      list.forEach(function (w) {
        var li = document.createElement('li');
        li.setAttribute('data-workflow', w.name);
        li.tabIndex = 0;
        li.innerHTML = '<strong>' + Braid.esc(w.name) + '</strong> <small>' + w.tasks + ' tasks</small><br><span>' + Braid.esc(w.description || '') + '</span>';
        li.classList.toggle('selected', w.name === selectedName);
        var open = function () { location.hash = '#/workflows/' + encodeURIComponent(w.name); };
        li.addEventListener('click', open);
        li.addEventListener('keydown', function (e) { if (e.key === 'Enter') { open(); } });
        ul.appendChild(li);
      });
      if (selectedName) { workflowDetail(selectedName); }
    }, function (e) { message(e.message, 'error'); });
  }

  function workflowDetail(name) {
    var box = document.getElementById('workflow-detail');
    api('GET', '/workflows/' + encodeURIComponent(name)).then(function (w) {
      box.innerHTML = '<h2>' + Braid.esc(w.name) + '</h2><p>' + Braid.esc(w.description || '') + '</p>'
        + '<div id="preview" class="graph small-graph"></div><form id="start-form" class="form"></form>';
      var g = Braid.Graph.create(document.getElementById('preview'), w.graph);
      cleanup.push(function () { g.destroy(); });
      var form = document.getElementById('start-form');
      var html = '<h3>Parameters</h3>';
      (w.params || []).forEach(function (p) {
        html += '<label>' + Braid.esc(p.name) + (p.required ? ' <em>(required)</em>' : '') + (p.secret ? ' <em>(secret)</em>' : '')
          + '<input name="' + Braid.esc(p.name) + '" type="' + (p.secret ? 'password' : 'text') + '" value="'
          + Braid.esc(p.secret ? '' : (p.default || '')) + '"' + (p.required ? ' required' : '') + ' autocomplete="off">'
          + (p.description ? '<small>' + Braid.esc(p.description) + '</small>' : '') + '</label>';
      });
      if (!(w.params || []).length) { html += '<p class="hint">No parameters.</p>'; }
      html += me.canStart ? '<button id="start-run" type="submit">Start run</button>'
        : '<p class="hint">Your role (viewer) can watch runs but not start them.</p>';
      form.innerHTML = html;
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var params = {};
        (w.params || []).forEach(function (p) {
          var v = form.elements[p.name].value;
          if (v !== '' || p.required) { params[p.name] = v; }
        });
        api('POST', '/workflows/' + encodeURIComponent(w.name) + '/runs', { params: params }).then(function (s) {
          message('Run ' + s.runId + ' started.', 'info');
          location.hash = '#/runs/' + s.runId;
        }, function (err) { message(err.message, 'error'); });
      });
    }, function (e) { message(e.message, 'error'); });
  }

  // ---- runs ----------------------------------------------------------------------------------------------

  function runs() {
    view.innerHTML = '<section class="panel"><h2>Runs</h2><div class="filters"><input id="runs-workflow" placeholder="workflow">'
      + '<select id="runs-status"><option value="">any status</option><option>QUEUED</option><option>RUNNING</option><option>COMPLETED</option>'
      + '<option>FAILED</option><option>STOPPED</option></select></div><table id="runs-table" class="grid"><thead><tr><th>Run</th>'
      + '<th>Workflow</th><th>Status</th><th>Start</th><th>Duration</th><th>Speedup</th><th>Tasks done</th></tr></thead><tbody></tbody></table></section>';
    var wf = document.getElementById('runs-workflow');
    var st = document.getElementById('runs-status');
    var refresh = function () {
      var q = '?limit=100' + (wf.value ? '&workflow=' + encodeURIComponent(wf.value) : '') + (st.value ? '&status=' + st.value : '');
      api('GET', '/runs' + q).then(function (list) {
        document.querySelector('#runs-table tbody').innerHTML = list.map(function (r) {
          var done = r.tasks.filter(function (t) { return t.status === 'COMPLETED'; }).length;
          return '<tr data-run="' + r.id + '"><td><a href="#/runs/' + r.id + '">' + r.id + '</a></td><td>' + Braid.esc(r.workflow)
            + '</td><td>' + Braid.badge(r.status) + '</td><td>' + Braid.esc(Braid.time(r.start || r.created)) + '</td><td>'
            + Braid.esc(Braid.duration(r.start, r.end)) + '</td><td>' + (r.summary && r.summary.speedup ? r.summary.speedup.toFixed(2) + '×' : '–')
            + '</td><td>' + done + ' / ' + r.tasks.length + '</td></tr>';
        }).join('');
      }, function (e) { message(e.message, 'error'); });
    };
    wf.addEventListener('change', refresh);
    st.addEventListener('change', refresh);
    every(3000, refresh);
  }

  function run(id) {
    view.innerHTML = '<p class="hint">Loading run ' + Braid.esc(id) + '…</p>';
    api('GET', '/runs/' + id).then(function (first) {
      var workflow = first.graph ? Promise.resolve(null) // the run carries its own graph
        : api('GET', '/workflows/' + encodeURIComponent(first.workflow)).catch(function () { return null; });
      return workflow.then(function (w) { show(first, w); });
    }, function (e) { view.innerHTML = ''; message(e.message, 'error'); });

    function act(method, path, body, done) {
      api(method, path, body).then(function () { message(done, 'info'); }, function (e) { message(e.message, 'error'); });
    }

    function show(first, workflow) {
      var rv = Braid.RunView.render(view, first, workflow, {
        live: true, canStart: me.canStart,
        onStop: function () { act('POST', '/runs/' + id + '/stop', undefined, 'Stopping run ' + id + '.'); follow(); },
        onRestart: function () { act('POST', '/runs/' + id + '/restart', {}, 'Run ' + id + ' restarted.'); setTimeout(follow, 300); },
        onCancel: function (task) { act('POST', '/runs/' + id + '/tasks/' + encodeURIComponent(task) + '/cancel', undefined, 'Cancelling task ' + task + '.'); }
      });
      cleanup.push(function () { rv.destroy(); });
      var source = null;
      var poll = null;

      function stopFollowing() {
        if (source) { source.close(); source = null; }
        if (poll) { clearInterval(poll); poll = null; }
      }
      cleanup.push(stopFollowing);

      function onRun(r) {
        rv.update(r);
        if (Braid.FINAL.indexOf(r.status) >= 0) { stopFollowing(); }
      }

      // live while the run goes on: Server-Sent Events, or polling if the stream breaks
      function follow() {
        stopFollowing();
        source = new EventSource('api/runs/' + id + '/events');
        var ended = false;
        source.addEventListener('run', function (e) {
          var r = JSON.parse(e.data);
          ended = Braid.FINAL.indexOf(r.status) >= 0;
          onRun(r);
        });
        source.onerror = function () {
          if (ended || !source) { return; }
          source.close();
          source = null;
          poll = setInterval(function () { api('GET', '/runs/' + id).then(onRun, function () { }); }, 2000);
        };
      }
      if (Braid.FINAL.indexOf(first.status) < 0) { follow(); }
    }
  }

  // ---- resources -----------------------------------------------------------------------------------------

  function resources() {
    view.innerHTML = '<section class="panel" id="resources"><h2>Resources</h2><div id="resources-body"></div></section>';
    every(2000, function () {
      api('GET', '/resources').then(function (r) {
        var s = r.server;
        var reasons = Object.keys(r.waitingByReason || {}).map(function (k) { return Braid.esc(k) + ': ' + r.waitingByReason[k]; }).join(', ') || 'none';
        var holders = function (hs) {
          return (hs || []).map(function (h) {
            return 'run <a href="#/runs/' + h.run + '">' + h.run + '</a> ' + Braid.esc(h.task) + (h.mode ? ' (' + Braid.esc(h.mode) + ', lease until '
              + Braid.esc(Braid.time(h.leaseExpires)) + ')' : '');
          }).join('<br>');
        };
        document.getElementById('resources-body').innerHTML = '<dl class="figures">'
          + '<div><dt>Server cap</dt><dd>' + s.effective + ' of ' + s.configured + (s.adaptive ? ' (adaptive)' : '') + '</dd></div>'
          + '<div><dt>Running</dt><dd>' + s.running + '</dd></div><div><dt>Waiting</dt><dd>' + s.waiting + '</dd></div>'
          + '<div><dt>Lease time</dt><dd>' + Braid.esc(r.leaseTime) + '</dd></div></dl><p>Waiting by reason: ' + reasons + '</p>'
          + '<h3>Groups</h3><table class="grid" id="groups"><thead><tr><th>Group</th><th>Limit</th><th>Rate</th><th>Running</th><th>Waiting</th><th>Holders</th></tr></thead><tbody>'
          + r.groups.map(function (g) {
            return '<tr data-group="' + Braid.esc(g.name) + '"><td>' + Braid.esc(g.name) + ' <small>' + Braid.esc(g.source) + '</small></td><td>' + g.maxConcurrent
              + '</td><td>' + Braid.esc((g.rate || []).join(', ')) + '</td><td>' + g.running + '</td><td>' + g.waiting + '</td><td>' + holders(g.holders) + '</td></tr>';
          }).join('') + '</tbody></table>'
          + '<h3>Locks</h3><table class="grid" id="locks"><thead><tr><th>Lock</th><th>Holders</th><th>Waiting</th></tr></thead><tbody>'
          + r.locks.map(function (l) {
            return '<tr data-lock="' + Braid.esc(l.name) + '"><td>' + Braid.esc(l.name) + '</td><td>' + holders(l.holders) + '</td><td>' + l.waiting + '</td></tr>';
          }).join('') + '</tbody></table>'
          + '<h3>Runs using slots</h3><table class="grid"><thead><tr><th>Run</th><th>Workflow</th><th>Max parallel</th><th>Running</th><th>Waiting</th></tr></thead><tbody>'
          + r.runs.map(function (x) {
            return '<tr><td><a href="#/runs/' + x.id + '">' + x.id + '</a></td><td>' + Braid.esc(x.workflow) + '</td><td>' + x.maxParallel
              + '</td><td>' + x.running + '</td><td>' + x.waiting + '</td></tr>';
          }).join('') + '</tbody></table>';
      }, function (e) { message(e.message, 'error'); });
    });
  }

  // ---- router --------------------------------------------------------------------------------------------

  function route() {
    cleanup.forEach(function (f) { f(); });
    cleanup = [];
    message('');
    var parts = (location.hash || '#/workflows').slice(2).split('/').map(decodeURIComponent);
    document.querySelectorAll('nav a').forEach(function (a) { a.classList.toggle('active', a.getAttribute('href') === '#/' + parts[0]); });
    if (parts[0] === 'runs' && parts[1]) { run(parts[1]); }
    else if (parts[0] === 'runs') { runs(); }
    else if (parts[0] === 'resources') { resources(); }
    else { workflows(parts[1]); }
  }

  api('GET', '/me').then(function (m) {
    me = m;
    document.getElementById('user').textContent = m.user + ' (' + (m.roles.join(', ') || 'no role') + ')';
    document.body.setAttribute('data-role', m.roles[0] || '');
    window.addEventListener('hashchange', route);
    route();
  }, function (e) { message(e.message, 'error'); });
})(window.Braid = window.Braid || {});
