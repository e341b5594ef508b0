/* global window */
/**
 * Enclave's JS bridge for H5 apps opened inside the Enclave member client, modelled on the WeCom JS-SDK
 * (jweixin). Include it with <script src="/jssdk/enclave-jweixin.js"></script> (from your Enclave server);
 * it defines window.wx and window.ww (the same object). Plain ES5 so any browser runs it.
 *
 * Calls go to the client (the parent window) as postMessage({enclaveBridge: 1, id, method, args}, '*');
 * answers come back as {enclaveBridge: 1, id, result} and are matched by id. Until wx.config (or
 * wx.agentConfig) has been verified, every API answers '<name>:permission denied'.
 */
(function (root) {
  'use strict';
  if (root.wx && root.wx.__enclave) return;

  var APIS = ['getLocation', 'scanQRCode', 'chooseImage', 'getLocalImgData', 'selectEnterpriseContact'];
  var FREE = ['closeWindow', 'checkJsApi', '__demoSign'];
  var seq = 0;
  var pending = {};
  var state = 'idle'; // idle | pending | ok | fail
  var lastError = null;
  var readyFns = [];
  var errorFns = [];

  function isFn(f) {
    return typeof f === 'function';
  }
  function call(f, arg) {
    if (isFn(f)) f(arg);
  }
  function pageUrl() {
    return String(root.location.href).split('#')[0];
  }
  /** The plain data of an options object (callbacks left out), safe to post. */
  function dataOf(options) {
    var out = {};
    for (var k in options) {
      if (Object.prototype.hasOwnProperty.call(options, k) && !isFn(options[k])) out[k] = options[k];
    }
    return out;
  }
  function send(method, args, done) {
    if (!root.parent || root.parent === root) {
      done({ errMsg: method + ':fail not inside the Enclave client' });
      return;
    }
    seq += 1;
    var id = 'eb' + seq + '_' + Math.random().toString(36).slice(2, 10);
    pending[id] = done;
    try {
      root.parent.postMessage({ enclaveBridge: 1, id: id, method: method, args: args }, '*');
    } catch (e) {
      delete pending[id];
      done({ errMsg: method + ':fail ' + (e && e.message ? e.message : 'cannot reach the client') });
    }
  }
  function onMessage(event) {
    var data = event.data;
    if (event.source !== root.parent || !data || data.enclaveBridge !== 1) return;
    if (typeof data.id !== 'string' || !Object.prototype.hasOwnProperty.call(pending, data.id)) return;
    var done = pending[data.id];
    delete pending[data.id];
    done(data.result && typeof data.result.errMsg === 'string' ? data.result : { errMsg: 'bridge:fail bad answer' });
  }
  /** WeCom's callbacks: success on ':ok', cancel on ':cancel' (fail when no cancel), fail otherwise; then complete. */
  function finish(options, result) {
    var tail = result.errMsg.slice(result.errMsg.indexOf(':') + 1);
    if (tail === 'ok') call(options.success, result);
    else if (tail === 'cancel' && isFn(options.cancel)) call(options.cancel, result);
    else call(options.fail, result);
    call(options.complete, result);
  }
  function api(name, free) {
    return function (options) {
      options = options || {};
      if (!free && state !== 'ok') {
        finish(options, { errMsg: name + ':permission denied' });
        return;
      }
      send(name, dataOf(options), function (result) {
        finish(options, result);
      });
    };
  }
  function settle(result) {
    if (result.errMsg.slice(-3) === ':ok') {
      state = 'ok';
      var fns = readyFns;
      readyFns = [];
      for (var i = 0; i < fns.length; i++) call(fns[i]);
    } else {
      if (state !== 'ok') state = 'fail';
      lastError = result;
      for (var j = 0; j < errorFns.length; j++) call(errorFns[j], result);
    }
  }

  var wx = {
    __enclave: true,
    config: function (options) {
      options = options || {};
      if (state !== 'ok') state = 'pending';
      var args = dataOf(options);
      args.url = pageUrl();
      send('config', args, function (result) {
        settle(result);
        finish(options, result);
      });
    },
    agentConfig: function (options) {
      options = options || {};
      var args = dataOf(options);
      args.url = pageUrl();
      send('agentConfig', args, function (result) {
        settle(result);
        finish(options, result);
      });
    },
    ready: function (fn) {
      if (state === 'ok') call(fn);
      else readyFns.push(fn);
    },
    error: function (fn) {
      if (isFn(fn)) errorFns.push(fn);
      if (state === 'fail' && lastError) call(fn, lastError);
    },
    checkJsApi: function (options) {
      options = options || {};
      var list = options.jsApiList || [];
      var checkResult = {};
      for (var i = 0; i < list.length; i++) {
        checkResult[list[i]] = APIS.indexOf(list[i]) >= 0 || FREE.indexOf(list[i]) >= 0 || list[i] === 'agentConfig';
      }
      finish(options, { checkResult: checkResult, errMsg: 'checkJsApi:ok' });
    },
    closeWindow: api('closeWindow', true),
    __demoSign: function (options) {
      options = options || {};
      var args = dataOf(options);
      args.url = pageUrl();
      send('__demoSign', args, function (result) {
        finish(options, result);
      });
    },
  };
  for (var i = 0; i < APIS.length; i++) wx[APIS[i]] = api(APIS[i], false);

  root.addEventListener('message', onMessage);
  root.wx = wx;
  root.ww = wx;
})(window);
