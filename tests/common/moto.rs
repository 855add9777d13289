//! One moto server per test binary, on 127.0.0.1, started on first use and stopped when
//! the binary exits (its stdin closes); the request recorder to see which STS calls were
//! made; and commands (awsprof, botocore, the `aws` CLI) whose every endpoint is it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command as StdCommand, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde_json::Value;

use super::Sandbox;

/// The running server.
pub struct Moto {
    pub port: u16,
    _child: Mutex<(Child, ChildStdin)>,
}

/// The server to yourself: tests that call it run one at a time, so that what the
/// recorder shows is the test's own calls. Hold it for the whole test.
pub struct Exclusive {
    _guard: MutexGuard<'static, ()>,
}

/// Waits for the server (starting it on first use) and keeps it until dropped.
pub fn moto() -> Exclusive {
    static TURN: Mutex<()> = Mutex::new(());
    let guard = TURN.lock().unwrap_or_else(|e| e.into_inner());
    server();
    Exclusive { _guard: guard }
}

/// A helper server from tests/support, started with `args`: it prints its port(s) on its
/// first line and serves until its stdin closes. Returns the child, its stdin (dropping
/// it, when the test binary exits, stops the server) and that first line.
pub fn start_support_server(script: &str, args: &[&str]) -> (Child, ChildStdin, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(script);
    let mut child = StdCommand::new("python3")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 is needed");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin, line)
}

/// The server of this test binary, started on first use.
fn server() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        let (child, stdin, line) = start_support_server("moto_server.py", &[]);
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("moto's server did not start (pip install 'moto[server]', or run .ci/run)")
        });
        Moto {
            port,
            _child: Mutex::new((child, stdin)),
        }
    })
}

/// One STS call as moto recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The form parameters, `Action` included; a default session name's time is `N`.
    pub params: BTreeMap<String, String>,
    /// The key id in the signature, if signed.
    pub signed_by: Option<String>,
}

impl Moto {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// An HTTP/1.0 request to moto (so the answer is never chunked); returns the body.
    fn request(&self, method: &str, path: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(head.contains(" 200 "), "moto answered {head}");
        body.to_string()
    }
}

impl Exclusive {
    /// Runs `work` and returns the STS calls it made.
    pub fn record<T>(&self, work: impl FnOnce() -> T) -> (T, Vec<Call>) {
        let server = server();
        server.request("POST", "/moto-api/recorder/reset-recording");
        server.request("POST", "/moto-api/recorder/start-recording");
        let result = work();
        server.request("POST", "/moto-api/recorder/stop-recording");
        let calls = server
            .request("GET", "/moto-api/recorder/download-recording")
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| call(&serde_json::from_str(line).unwrap()))
            .filter(|call| call.params.contains_key("Action"))
            .collect();
        (result, calls)
    }
}

fn call(entry: &Value) -> Call {
    let body = entry["body"].as_str().unwrap_or_default();
    let body = if entry["body_encoded"].as_bool() == Some(true) {
        decode_base64(body)
    } else {
        body.as_bytes().to_vec()
    };
    let params = url_decode_form(&String::from_utf8_lossy(&body))
        .into_iter()
        .map(|(k, v)| {
            let v = match v.strip_prefix("botocore-session-") {
                Some(time) if time.bytes().all(|b| b.is_ascii_digit()) => {
                    "botocore-session-N".into()
                }
                _ => v,
            };
            (k, v)
        })
        .collect();
    let authorization = entry["headers"]["Authorization"]
        .as_str()
        .unwrap_or_default();
    let signed_by = authorization
        .split("Credential=")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(str::to_string);
    Call { params, signed_by }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes[..chunk.len().saturating_sub(1)].to_vec()
        })
        .collect()
}

fn url_decode_form(text: &str) -> Vec<(String, String)> {
    let decode = |part: &str| {
        let bytes = part.replace('+', " ").into_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Removes every variable that could send a request anywhere but moto, or change what is
/// resolved, and points every endpoint at moto.
fn confine(cmd: &mut StdCommand, sandbox: &Sandbox) {
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("AWS_") || name.to_ascii_lowercase().ends_with("_proxy") {
            cmd.env_remove(&name);
        }
    }
    cmd.env("HOME", sandbox.home())
        .env("AWS_CONFIG_FILE", sandbox.config())
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .env("AWS_ENDPOINT_URL", server().url())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // botocore needs a region for STS (there is no global fallback in its rules).
        .env("AWS_DEFAULT_REGION", "eu-west-1")
        .env("NO_COLOR", "1");
}

impl Sandbox {
    /// awsprof confined to moto.
    pub fn networked(&self) -> StdCommand {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("awsprof"));
        confine(&mut cmd, self);
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Runs awsprof confined to moto; panics unless it succeeds; returns stdout.
    pub fn awsprof_ok(&self, args: &[&str]) -> String {
        let output = self.networked().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "awsprof {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// botocore resolving `profile` against moto (with the AWS CLI's cache if `cache`):
    /// `{"access_key_id", "arn"}`.
    pub fn botocore_credentials(&self, profile: &str, cache: bool, mfa_code: &str) -> Value {
        self.botocore_credentials_with(profile, cache, mfa_code, &[])
    }

    /// `botocore_credentials` with more environment variables.
    pub fn botocore_credentials_with(
        &self,
        profile: &str,
        cache: bool,
        mfa_code: &str,
        env: &[(&str, &str)],
    ) -> Value {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_credentials.py");
        let mut cmd = StdCommand::new("python3");
        confine(&mut cmd, self);
        cmd.envs(env.iter().copied());
        let output = cmd
            .arg(script)
            .arg(profile)
            .arg(if cache { "cache" } else { "no-cache" })
            .env("TEST_MFA_CODE", mfa_code)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "botocore failed for {profile}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// The installed `aws` CLI confined to moto; returns `(success, stdout, stderr)`.
    pub fn aws_cli(&self, args: &[&str]) -> (bool, String, String) {
        let mut cmd = StdCommand::new("aws");
        confine(&mut cmd, self);
        let output = cmd
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the aws CLI is needed");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// A static file server on 127.0.0.1 (the ECS container credentials endpoint's stand-in),
/// stopped when dropped.
pub struct FileServer {
    pub port: u16,
    child: Child,
}

impl FileServer {
    /// Serves the files of `dir`.
    pub fn start(dir: &Path) -> FileServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = StdCommand::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return FileServer { port, child };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("python3 -m http.server did not start");
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
