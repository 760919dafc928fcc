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
  var sendButton = form.querySelector('button[type=submit]');

  // ---- the page's own words, one table per language (the bot's cards come localized from the bot). {name} is a
  // parameter. The language follows the locale selector, which also sets each activity's locale.
  var STRINGS = {
    en: {
      title: 'NetOps bot · playground',
      tag: 'playground',
      language: 'Language',
      localeEn: 'English (en-US)',
      localeJa: 'Japanese · 日本語 (ja-JP)',
      reset: 'New chat',
      resetTitle: 'Start a new conversation',
      simulated: 'Simulated data (built-in demo, not your Azure)',
      placeholder: 'Type a command, e.g. help',
      message: 'Message',
      composerHint: 'Enter sends · Shift+Enter for a new line · pasted text keeps its lines',
      send: 'Send',
      conversation: 'Conversation {id} · type "help" to start',
      httpError: 'The bot answered HTTP {status}.',
      unreachable: 'Could not reach the bot: {error}',
      botError: 'The bot returned an error.',
      settingsError: 'Could not load the playground settings.',
      reconnecting: 'Connection to the bot lost; reconnecting…',
      badEvent: 'Bad event from the connector: {error}',
      cardError: 'Card could not be rendered: {error}',
      viaButton: 'button',
      cardInput: '(card input)',
      updated: 'updated',
    },
    ja: {
      title: 'NetOps bot · プレイグラウンド',
      tag: 'プレイグラウンド',
      language: '言語',
      localeEn: '英語 · English (en-US)',
      localeJa: '日本語 (ja-JP)',
      reset: '新しいチャット',
      resetTitle: '新しい会話を始めます',
      simulated: 'シミュレーションのデータです（組み込みのデモ。お使いの Azure ではありません）',
      placeholder: 'コマンドを入力（例: help）',
      message: 'メッセージ',
      composerHint: 'Enter で送信 · Shift+Enter で改行 · 貼り付けた文字列は改行を保ちます',
      send: '送信',
      conversation: '会話 {id} · まず「help」と入力してください',
      httpError: 'ボットが HTTP {status} を返しました。',
      unreachable: 'ボットに接続できませんでした: {error}',
      botError: 'ボットがエラーを返しました。',
      settingsError: 'プレイグラウンドの設定を読み込めませんでした。',
      reconnecting: 'ボットとの接続が切れました。再接続しています…',
      badEvent: 'コネクタから不正なイベントを受け取りました: {error}',
      cardError: 'カードを表示できませんでした: {error}',
      viaButton: 'ボタン',
      cardInput: '（カードの入力）',
      updated: '更新済み',
    },
  };
  function lang() { return /^ja/i.test(localeSelect.value) ? 'ja' : 'en'; }
  function t(key, params) {
    var text = STRINGS[lang()][key] || STRINGS.en[key] || key;
    return text.replace(/\{(\w+)\}/g, function (m, name) { return params && name in params ? String(params[name]) : m; });
  }
  /** Gives el the text of `key` now and after every change of language. */
  function localize(el, key, params) {
    el.setAttribute('data-i18n', key);
    if (params) el.setAttribute('data-i18n-params', JSON.stringify(params));
    else el.removeAttribute('data-i18n-params');
    el.textContent = t(key, params);
    return el;
  }
  function formatTime(iso) { return new Date(iso).toLocaleTimeString(localeSelect.value); }
  var I18N_ATTRIBUTES = ['placeholder', 'title', 'aria-label'];
  /** Puts the chosen language's words into the page: the frame, and the notes already in the transcript. */
  function applyLanguage() {
    document.documentElement.lang = lang();
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach(function (el) {
      var params = el.getAttribute('data-i18n-params');
      el.textContent = t(el.getAttribute('data-i18n'), params ? JSON.parse(params) : undefined);
    });
    I18N_ATTRIBUTES.forEach(function (attr) {
      document.querySelectorAll('[data-i18n-' + attr + ']').forEach(function (el) {
        el.setAttribute(attr, t(el.getAttribute('data-i18n-' + attr)));
      });
    });
    document.querySelectorAll('#transcript time[datetime]').forEach(function (el) { el.textContent = formatTime(el.dateTime); });
  }

  var serviceUrl = location.origin + '/playground/connector/';
  var user = { id: 'playground-user', name: 'You', aadObjectId: '00000000-0000-4000-8000-0000000000aa' };
  var bot = { id: 'netops-bot', name: 'NetOps bot' };
  var tenantId = 'playground-tenant';
  var hostConfig = null;
  var events = null;
  var views = new Map(); // activity id -> { wrap, holder }

  var conversationId = sessionStorage.getItem('netops.conversation') || newConversation();
  localeSelect.value = localStorage.getItem('netops.locale') || (navigator.language && /^ja/i.test(navigator.language) ? 'ja-JP' : 'en-US');
  if (!localeSelect.value) localeSelect.value = 'en-US'; // a stored locale the page no longer offers
  applyLanguage();
  localeSelect.addEventListener('change', function () {
    localStorage.setItem('netops.locale', localeSelect.value);
    applyLanguage();
  });

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
  /** A line of the page's own in the transcript: `text` as given (from the bot), or {key, params} of STRINGS. */
  function note(text, isError) {
    var div = document.createElement('div');
    div.className = 'msg note' + (isError ? ' error' : '');
    if (typeof text === 'string') div.textContent = text;
    else localize(div, text.key, text.params);
    transcript.appendChild(div);
    scrollDown();
  }
  function userBubble(text, viaKey) {
    var div = document.createElement('div');
    div.className = 'msg user';
    div.textContent = text;
    if (viaKey) { var s = document.createElement('span'); s.className = 'via'; div.appendChild(localize(s, viaKey)); }
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
      pre.textContent = t('cardError', { error: e.message }) + '\n' + (json && json.fallbackText ? json.fallbackText : '');
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
    view.meta.replaceChildren();
    if (activity.timestamp) {
      var time = document.createElement('time');
      time.dateTime = activity.timestamp;
      time.textContent = formatTime(activity.timestamp);
      view.meta.appendChild(time);
    }
    if (view.updated) {
      if (activity.timestamp) view.meta.appendChild(document.createTextNode(' · '));
      view.meta.appendChild(localize(document.createElement('span'), 'updated'));
    }
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
    if (kind === 'create' || atBottom) {
      // An answer taller than the screen opens at its top, where the verdict is, not at its buttons.
      if (view.wrap.offsetHeight > transcript.clientHeight) view.wrap.scrollIntoView({ block: 'start' });
      else scrollDown();
    }
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
      if (!res.ok && res.status !== 200) note({ key: 'httpError', params: { status: res.status } }, true);
      return res;
    }, function (err) {
      note({ key: 'unreachable', params: { error: err.message } }, true);
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
          if (body.value && body.value.message) note(String(body.value.message), true);
          else note({ key: 'botError' }, true);
        }
      }, function () { holder.classList.remove('busy'); });
      return;
    }
    if (type === 'Action.Submit') {
      var value = action.data || {};
      userBubble(value.command || action.title || t('cardInput'), 'viaButton');
      post(activity('message', { replyToId: activityId, value: value }));
    }
  }

  // ---- the message box: a textarea, so that pasted PsPing output keeps its lines (an <input> drops the line
  // breaks, and "from 10.9.0.2:50011" in a flattened log reads as an agent). Enter sends, Shift+Enter adds a
  // line; Enter that ends an IME composition (Japanese input) only commits the text. The box grows with its
  // text up to a few lines (max-height in app.css), then scrolls.
  function autosize() {
    input.style.height = 'auto';
    var cs = getComputedStyle(input);
    input.style.height = (input.scrollHeight + parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth)) + 'px';
  }
  input.addEventListener('input', autosize);
  window.addEventListener('resize', autosize);
  input.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    if (sendButton.disabled) return; // not connected yet: the answer would have nowhere to go
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event('submit', { cancelable: true }));
  });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    autosize();
    userBubble(text);
    post(activity('message', { text: text, textFormat: 'plain' }));
  });

  $('reset').addEventListener('click', function () {
    conversationId = newConversation();
    views.clear();
    transcript.replaceChildren();
    connect();
    note({ key: 'conversation', params: { id: conversationId } });
    input.focus();
  });

  function connect() {
    if (events) events.close();
    var es = new EventSource('/playground/events?conversation=' + encodeURIComponent(conversationId));
    events = es;
    es.onopen = function () { statusBar.removeAttribute('data-i18n'); statusBar.textContent = ''; sendButton.disabled = false; };
    es.onerror = function () { localize(statusBar, 'reconnecting'); };
    es.onmessage = function (e) {
      try {
        var msg = JSON.parse(e.data);
        onBotActivity(msg.kind, msg.activity || {});
      } catch (err) {
        note({ key: 'badEvent', params: { error: err.message } }, true);
      }
    };
  }

  sendButton.disabled = true;
  Promise.all([
    fetch('/playground/hostconfig.json').then(function (r) { return r.json(); }),
    fetch('/playground/info').then(function (r) { return r.json(); }),
  ]).then(function (r) {
    hostConfig = new AdaptiveCards.HostConfig(r[0]);
    if (r[1] && r[1].simulated) $('simulated').hidden = false;
  }).catch(function () { note({ key: 'settingsError' }, true); })
    .then(function () {
      connect();
      note({ key: 'conversation', params: { id: conversationId } });
      autosize();
      input.focus();
    });
})();
