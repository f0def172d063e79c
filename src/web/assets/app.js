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
})();
