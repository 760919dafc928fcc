// NetOps bot playground: a tiny Bot Framework chat client. Sends real activities to /api/messages with
// serviceUrl = this server's playground connector, follows the bot's posts and updates over SSE, renders
// Adaptive Cards with the `adaptivecards` bundle and the Teams light host config. No framework, no build.
(function () {
  'use strict';
  /* global AdaptiveCards */
  var $ = function (id) { return document.getElementById(id); };
  var transcript = $('transcript');
  var form = $('composer');
  var input = $('text');
  var localeSelect = $('locale');
  var statusBar = $('status');

  var serviceUrl = location.origin + '/playground/connector/';
  var user = { id: 'playground-user', name: 'You', aadObjectId: '00000000-0000-4000-8000-0000000000aa' };
  var bot = { id: 'netops-bot', name: 'NetOps bot' };
  var tenantId = 'playground-tenant';
  var hostConfig = null;
  var events = null;
  var views = new Map(); // activity id -> { wrap, holder }

  var conversationId = sessionStorage.getItem('netops.conversation') || newConversation();
  localeSelect.value = localStorage.getItem('netops.locale') || (navigator.language && /^ja/i.test(navigator.language) ? 'ja-JP' : 'en-US');
  localeSelect.addEventListener('change', function () { localStorage.setItem('netops.locale', localeSelect.value); });

  function newConversation() {
    var id = 'playground-' + Math.random().toString(36).slice(2, 10);
    sessionStorage.setItem('netops.conversation', id);
    return id;
  }
  function uid(prefix) { return prefix + '-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8); }

  // ---- markdown for TextBlocks: bold, italic, links, lists (what Teams supports); HTML is escaped first.
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function inline(s) {
    return escapeHtml(s)
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,!?])/g, '$1<em>$2</em>')
      .replace(/(^|[^*])\*([^*\s][^*]*)\*(?!\*)/g, '$1<em>$2</em>')
      .replace(/`([^`]+)`/g, '<code>$1</code>');
  }
  function markdown(text) {
    var out = [];
    var list = null;
    text.split(/\r?\n/).forEach(function (line) {
      var m = /^\s*(?:[-*]|(\d+)\.)\s+(.*)$/.exec(line);
      if (m) {
        var tag = m[1] ? 'ol' : 'ul';
        if (list !== tag) { if (list) out.push('</' + list + '>'); out.push('<' + tag + ' style="margin:0;padding-left:1.2em">'); list = tag; }
        out.push('<li>' + inline(m[2]) + '</li>');
      } else {
        if (list) { out.push('</' + list + '>'); list = null; }
        out.push(inline(line) + '<br>');
      }
    });
    if (list) out.push('</' + list + '>');
    return out.join('').replace(/(<br>)+$/, '');
  }
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };

  // ---- transcript
  function scrollDown() { transcript.scrollTop = transcript.scrollHeight; }
  function note(text, isError) {
    var div = document.createElement('div');
    div.className = 'msg note' + (isError ? ' error' : '');
    div.textContent = text;
    transcript.appendChild(div);
    scrollDown();
  }
  function userBubble(text, via) {
    var div = document.createElement('div');
    div.className = 'msg user';
    div.textContent = text;
    if (via) { var s = document.createElement('span'); s.className = 'via'; s.textContent = via; div.appendChild(s); }
    transcript.appendChild(div);
    scrollDown();
  }

  function renderCard(json, activityId, holder) {
    var card = new AdaptiveCards.AdaptiveCard();
    if (hostConfig) card.hostConfig = hostConfig;
    card.onExecuteAction = function (action) { onAction(action, activityId, holder); };
    try {
      card.parse(json);
      var el = card.render();
      if (!el) throw new Error('the renderer returned nothing');
      return el;
    } catch (e) {
      var pre = document.createElement('div');
      pre.className = 'text';
      pre.textContent = 'Card could not be rendered: ' + e.message + '\n' + (json && json.fallbackText ? json.fallbackText : '');
      return pre;
    }
  }

  function fillActivity(view, activity) {
    view.body.replaceChildren();
    if (activity.text) {
      var t = document.createElement('div');
      t.className = 'text';
      t.textContent = activity.text;
      view.body.appendChild(t);
    }
    (activity.attachments || []).forEach(function (att) {
      if (att && att.contentType === 'application/vnd.microsoft.card.adaptive') {
        var holder = document.createElement('div');
        holder.className = 'card';
        holder.appendChild(renderCard(att.content, activity.id, holder));
        view.body.appendChild(holder);
      }
    });
    view.meta.textContent = (activity.timestamp ? new Date(activity.timestamp).toLocaleTimeString() : '') + (view.updated ? ' · updated' : '');
  }

  function onBotActivity(kind, activity) {
    if (activity.type && activity.type !== 'message') return; // typing and the like
    var view = views.get(activity.id);
    if (kind === 'delete') { if (view) { view.wrap.remove(); views.delete(activity.id); } return; }
    if (!view) {
      var wrap = document.createElement('div');
      wrap.className = 'msg bot';
      var body = document.createElement('div');
      var meta = document.createElement('div');
      meta.className = 'meta';
      wrap.appendChild(body);
      wrap.appendChild(meta);
      view = { wrap: wrap, body: body, meta: meta, updated: false };
      views.set(activity.id, view);
      transcript.appendChild(wrap);
    }
    if (kind === 'update') view.updated = true;
    var atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
    fillActivity(view, activity);
    if (kind === 'create' || atBottom) scrollDown();
  }

  // ---- talking to the bot
  function activity(type, extra) {
    var a = {
      type: type,
      id: uid('act'),
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      channelId: 'playground',
      serviceUrl: serviceUrl,
      from: user,
      recipient: bot,
      conversation: { id: conversationId, conversationType: 'personal', tenantId: tenantId },
      channelData: { tenant: { id: tenantId } },
      locale: localeSelect.value,
    };
    for (var k in extra) if (Object.prototype.hasOwnProperty.call(extra, k)) a[k] = extra[k];
    return a;
  }

  function post(a) {
    return fetch('/api/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(a),
    }).then(function (res) {
      if (!res.ok && res.status !== 200) note('The bot answered HTTP ' + res.status + '.', true);
      return res;
    }, function (err) {
      note('Could not reach the bot: ' + err.message, true);
      throw err;
    });
  }

  function onAction(action, activityId, holder) {
    var type = action.getJsonTypeName();
    if (type === 'Action.OpenUrl') {
      if (action.url && /^https?:/i.test(action.url)) window.open(action.url, '_blank', 'noopener');
      return;
    }
    if (type === 'Action.Execute') {
      var data = action.data || {};
      // As in Teams, Action.Execute posts no chat message: the card itself shows the answer.
      holder.classList.add('busy');
      post(activity('invoke', {
        name: 'adaptiveCard/action',
        replyToId: activityId,
        value: { action: { type: 'Action.Execute', id: action.id, verb: action.verb, data: data }, trigger: 'manual' },
      })).then(function (res) {
        return res.json().catch(function () { return null; });
      }).then(function (body) {
        holder.classList.remove('busy');
        if (!body) return;
        if (body.type === 'application/vnd.microsoft.card.adaptive') {
          // As in Teams: the invoke response replaces the clicked card (for the clicker).
          holder.replaceChildren(renderCard(body.value, activityId, holder));
        } else if (body.type === 'application/vnd.microsoft.activity.message') {
          note(String(body.value));
        } else if (body.type === 'application/vnd.microsoft.error') {
          note((body.value && body.value.message) || 'The bot returned an error.', true);
        }
      }, function () { holder.classList.remove('busy'); });
      return;
    }
    if (type === 'Action.Submit') {
      var value = action.data || {};
      userBubble(value.command || action.title || '(card input)', 'button');
      post(activity('message', { replyToId: activityId, value: value }));
    }
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    userBubble(text);
    post(activity('message', { text: text, textFormat: 'plain' }));
  });

  $('reset').addEventListener('click', function () {
    conversationId = newConversation();
    views.clear();
    transcript.replaceChildren();
    connect();
    input.focus();
  });

  function connect() {
    if (events) events.close();
    var es = new EventSource('/playground/events?conversation=' + encodeURIComponent(conversationId));
    events = es;
    es.onopen = function () { statusBar.textContent = ''; form.querySelector('button').disabled = false; };
    es.onerror = function () { statusBar.textContent = 'Connection to the bot lost; reconnecting…'; };
    es.onmessage = function (e) {
      try {
        var msg = JSON.parse(e.data);
        onBotActivity(msg.kind, msg.activity || {});
      } catch (err) {
        note('Bad event from the connector: ' + err.message, true);
      }
    };
  }

  form.querySelector('button').disabled = true;
  Promise.all([
    fetch('/playground/hostconfig.json').then(function (r) { return r.json(); }),
    fetch('/playground/info').then(function (r) { return r.json(); }),
  ]).then(function (r) {
    hostConfig = new AdaptiveCards.HostConfig(r[0]);
    if (r[1] && r[1].simulated) $('simulated').hidden = false;
  }).catch(function () { note('Could not load the playground settings.', true); })
    .then(function () {
      connect();
      note('Conversation ' + conversationId + ' · type "help" to start');
      input.focus();
    });
})();
