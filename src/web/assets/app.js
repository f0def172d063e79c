// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  // Password rules tick off while the user types. The page lists the rules (data-rule) and
  // the server, which defines them, answers which are met (/password-check).
  var form = document.querySelector('[data-password-form]');
  if (form) {
    var password = form.querySelector('input[name="password"]');
    var csrf = form.querySelector('input[name="_csrf"]');
    var token = form.querySelector('input[name="token"]');
    var items = form.querySelectorAll('[data-rule]');
    var timer;
    password.addEventListener('input', function () {
      var p = password.value;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var fields = new URLSearchParams();
        fields.set('_csrf', csrf.value);
        fields.set('password', p);
        var username = form.querySelector('input[name="username"]');
        var email = form.querySelector('input[name="email"]');
        if (username) fields.set('username', username.value);
        if (email) fields.set('email', email.value);
        if (token) fields.set('token', token.value);
        fetch('/password-check', { method: 'POST', body: fields, credentials: 'same-origin' })
          .then(function (r) {
            return r.ok ? r.json() : null;
          })
          .then(function (met) {
            if (!met) return;
            items.forEach(function (li) {
              li.classList.toggle('met', met[li.getAttribute('data-rule')] === true);
            });
          })
          .catch(function () {});
      }, 250);
    });
  }

  // Recovery codes: copy, download and print.
  var actions = document.querySelector('[data-recovery-actions]');
  if (actions) {
    actions.hidden = false;
    var list = document.getElementById('recovery-codes');
    var text =
      Array.prototype.map
        .call(list.querySelectorAll('code'), function (c) {
          return c.textContent;
        })
        .join('\n') + '\n';
    var copy = actions.querySelector('[data-copy]');
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(text).then(function () {
        copy.textContent = copy.getAttribute('data-done');
      });
    });
    var download = actions.querySelector('[data-download]');
    download.addEventListener('click', function () {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      a.download = download.getAttribute('data-filename');
      a.click();
    });
    actions.querySelector('[data-print]').addEventListener('click', function () {
      window.print();
    });
  }

  // Passkeys: a button shows only where the browser has WebAuthn. @simplewebauthn/browser
  // (/assets/webauthn.js) loads on the first click; the server checks everything it sends.
  var passkeys = document.querySelectorAll('[data-passkey]');
  if (passkeys.length && window.PublicKeyCredential) {
    passkeys.forEach(function (box) {
      box.hidden = false;
      box.querySelector('button').addEventListener('click', function () {
        passkeyCeremony(box);
      });
    });
  }

  function webauthn() {
    if (window.SimpleWebAuthnBrowser) return Promise.resolve(window.SimpleWebAuthnBrowser);
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = '/assets/webauthn.js';
      script.onload = function () {
        resolve(window.SimpleWebAuthnBrowser);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // A refusal answers { error } in the page's language, or { redirect } for a lost session.
  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw data;
        return data;
      });
    });
  }

  function passkeyCeremony(box) {
    var button = box.querySelector('button');
    var status = box.querySelector('[data-passkey-status]');
    var csrf = box.getAttribute('data-csrf');
    var register = box.getAttribute('data-passkey') === 'register';
    button.disabled = true;
    status.textContent = '';
    Promise.all([webauthn(), postJson(box.getAttribute('data-options'), { _csrf: csrf })])
      .then(function (ready) {
        var optionsJSON = ready[1];
        return register
          ? ready[0].startRegistration({ optionsJSON: optionsJSON })
          : ready[0].startAuthentication({ optionsJSON: optionsJSON });
      })
      .then(function (response) {
        return postJson(box.getAttribute('data-verify'), { _csrf: csrf, response: response });
      })
      .then(function (answer) {
        window.location.assign(answer.redirect);
      })
      .catch(function (problem) {
        if (problem && problem.redirect) return window.location.assign(problem.redirect);
        status.textContent = (problem && problem.error) || box.getAttribute('data-failed');
        button.disabled = false;
      });
  }
})();
