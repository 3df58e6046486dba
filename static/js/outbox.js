// The outbox: form submissions kept on the phone while the network is down (issue 17 §3,
// decision 0018), shared by the service worker (which files a POST that could not be sent) and
// the page (which sends the outbox when the network is back). IndexedDB: `outbox` holds
// {url, type, body, from, user, at, refused}; `meta` holds who is signed in on this phone, so an
// entry is only ever sent by the account that wrote it. The body keeps the form's idempotency
// key: a resend of something that did arrive is answered from the first and stored once.
(function (scope) {
  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("tongxin", 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("outbox", {keyPath: "id", autoIncrement: true});
        request.result.createObjectStore("meta");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(store, mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const request = fn(tx.objectStore(store));
      tx.oncomplete = () => { db.close(); resolve(request.result); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    });
  }

  scope.txOutbox = {
    add: (entry) => run("outbox", "readwrite", (s) => s.add(entry)),
    all: () => run("outbox", "readonly", (s) => s.getAll()),
    put: (entry) => run("outbox", "readwrite", (s) => s.put(entry)),
    remove: (id) => run("outbox", "readwrite", (s) => s.delete(id)),
    clear: () => run("outbox", "readwrite", (s) => s.clear()),
    owner: () => run("meta", "readonly", (s) => s.get("user")),
    setOwner: (user) => run("meta", "readwrite", (s) => s.put(user, "user")),
  };
})(self);
