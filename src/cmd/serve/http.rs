//! The preview's HTTP server (hyper): files of the served folder only, never outside it; a
//! long-poll address through which open pages learn of rebuilds and errors; and the limits a
//! server on a shared machine needs — a bounded number of connections, a deadline for request
//! headers (a client that drips a header line every few seconds is cut off), and only Host names
//! that are this machine (a web page elsewhere cannot reach the preview by DNS rebinding).
//!
//! hyper rather than tiny_http: tiny_http runs every connection on a thread of an unbounded pool
//! and has no header deadline, which is exactly what must be bounded here.

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, watch};

/// The address open pages wait on for the next build.
pub const RELOAD_PATH: &str = "/__casebook/wait";

/// Connections served at once; more are closed as they arrive.
const MAX_CONNECTIONS: usize = 64;
/// A request's headers must arrive within this time.
const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// How long a page's wait for the next build lasts before it asks again.
const LONG_POLL: Duration = Duration::from_secs(25);
/// No connection lives longer than this (a waiting page simply asks again).
const CONNECTION_LIMIT: Duration = Duration::from_secs(120);

/// What open pages learn: the number of the last build and its errors (empty when it succeeded).
#[derive(Clone, Debug, Default)]
pub struct BuildState {
    pub version: u64,
    pub errors: String,
}

/// Serves `out` on `listener` until the process ends.
pub fn serve(listener: std::net::TcpListener, out: PathBuf, state: watch::Receiver<BuildState>) -> std::io::Result<()> {
    let bound = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let site = Arc::new(Site { out, bound });
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let Ok(slot) = slots.clone().try_acquire_owned() else { continue };
            let (site, state) = (site.clone(), state.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let (site, state) = (site.clone(), state.clone());
                    async move { Ok::<_, Infallible>(site.respond(req, state).await) }
                });
                // One request per connection: a preview has few clients, and a closed connection
                // cannot sit idle holding one of the slots.
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .keep_alive(false)
                    .header_read_timeout(HEADER_DEADLINE)
                    .serve_connection(TokioIo::new(stream), service);
                let _ = tokio::time::timeout(CONNECTION_LIMIT, connection).await;
                drop(slot);
            });
        }
    })
}

struct Site {
    out: PathBuf,
    bound: SocketAddr,
}

impl Site {
    async fn respond(&self, req: Request<Incoming>, mut state: watch::Receiver<BuildState>) -> Response<Full<Bytes>> {
        let host = req.headers().get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !host_allowed(host, self.bound.ip()) {
            return plain(StatusCode::MISDIRECTED_REQUEST, "this preview answers only to this machine's own addresses");
        }
        let head = req.method() == Method::HEAD;
        if req.method() != Method::GET && !head {
            return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
        }
        let path = req.uri().path();
        if path == RELOAD_PATH {
            let seen: u64 =
                req.uri().query().and_then(|q| q.strip_prefix("v=")).and_then(|v| v.parse().ok()).unwrap_or(0);
            let _ = tokio::time::timeout(LONG_POLL, state.wait_for(|s| s.version > seen)).await;
            let now = state.borrow().clone();
            return reply(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                format!("{}\n{}", now.version, now.errors).into_bytes(),
                false,
            );
        }
        let version = state.borrow().version;
        let Some(file) = local_file(&self.out, path) else {
            return plain(StatusCode::NOT_FOUND, "not found");
        };
        let file = if file.is_dir() { file.join("index.html") } else { file };
        match tokio::fs::read(&file).await {
            Ok(bytes) => {
                let mime = mime_guess::from_path(&file).first_or_octet_stream();
                let text = mime.type_() == mime_guess::mime::TEXT || mime.subtype() == mime_guess::mime::JAVASCRIPT;
                let kind = if text { format!("{mime}; charset=utf-8") } else { mime.to_string() };
                let body =
                    if mime.subtype() == mime_guess::mime::HTML { inject_reload(&bytes, version) } else { bytes };
                reply(StatusCode::OK, &kind, body, head)
            }
            Err(_) => {
                let page = tokio::fs::read(self.out.join("404.html")).await.unwrap_or_else(|_| b"not found".to_vec());
                reply(StatusCode::NOT_FOUND, "text/html; charset=utf-8", inject_reload(&page, version), head)
            }
        }
    }
}

/// A Host header names this machine: `localhost`, a loopback address, the address the server is
/// bound to, or — when bound to every interface — any IP address (rebinding needs a domain name).
fn host_allowed(host: &str, bound: IpAddr) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host
            .rsplit_once(':')
            .map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host }),
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound || bound.is_unspecified(),
        Err(_) => false,
    }
}

/// The file for a URL path, never outside the served folder.
pub fn local_file(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path).decode_utf8_lossy();
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(out.join(rel))
}

/// Adds the reload script to a served page (the files on disk stay as a normal build writes them).
fn inject_reload(html: &[u8], version: u64) -> Vec<u8> {
    let script = format!(
        r#"<script>(function(){{var v={version};function show(t){{var e=document.getElementById("casebook-errors");if(!t){{if(e)e.remove();return}}if(!e){{e=document.createElement("pre");e.id="casebook-errors";e.style.cssText="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1em;background:#300;color:#fdd;z-index:9999;white-space:pre-wrap";document.body.appendChild(e)}}e.textContent=t}}function poll(){{fetch("{RELOAD_PATH}?v="+v).then(function(r){{return r.text()}}).then(function(t){{var i=t.indexOf("\n");var nv=+t.slice(0,i),err=t.slice(i+1);if(err){{v=nv;show(err)}}else if(nv>v){{location.reload();return}}poll()}}).catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"#
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    reply(status, "text/plain; charset=utf-8", text.as_bytes().to_vec(), false)
}

fn reply(status: StatusCode, kind: &str, body: Vec<u8>, head: bool) -> Response<Full<Bytes>> {
    let length = body.len();
    let body = if head { Bytes::new() } else { Bytes::from(body) };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, kind.parse().expect("a valid content type"));
    headers.insert(CACHE_CONTROL, "no-store".parse().expect("valid"));
    if head {
        headers.insert(hyper::header::CONTENT_LENGTH, length.into());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_outside_the_output() {
        let out = Path::new("/tmp/site");
        assert_eq!(local_file(out, "/ja/index.html"), Some(out.join("ja/index.html")));
        assert_eq!(local_file(out, "/../etc/passwd"), None);
        assert_eq!(local_file(out, "/%2e%2e/etc/passwd"), None);
        assert_eq!(local_file(out, "/ja/../../x"), None);
        assert_eq!(local_file(out, "/%E4%BA%8B.html"), Some(out.join("事.html")));
    }

    #[test]
    fn only_this_machines_names_are_answered() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        for ok in ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST", "127.0.0.1"] {
            assert!(host_allowed(ok, loopback), "{ok}");
        }
        for bad in ["evil.example:8000", "", "localhost.evil.example", "192.168.1.5:8000"] {
            assert!(!host_allowed(bad, loopback), "{bad}");
        }
        let all: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed("192.168.1.5:8000", all), "any address when bound to all interfaces");
        assert!(!host_allowed("rebind.example:8000", all), "but never a domain name");
    }
}
