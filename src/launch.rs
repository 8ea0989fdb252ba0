//! Starting the TUI: against the configured API, or (`--demo`) against a reference server started in
//! this process on a fresh temporary database.

use crate::api::{ApiKey, Client, ClientConfig, OrganizationId};
use crate::app::Header;
use crate::config::Settings;
use crate::runtime;
use crate::server::{self, ServeOptions, seed};

/// The header line for a client.
fn header(client: &Client, demo: bool) -> Header {
    let url = client.base_url();
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.to_string(),
    };
    Header {
        organization: client.organization().to_string(),
        host,
        demo,
    }
}

/// Opens the TUI on the configured API.
pub async fn configured(settings: Settings) -> Result<(), String> {
    let client = Client::new(settings.client_config()).map_err(|e| e.to_string())?;
    tracing::info!(base_url = %client.base_url(), org = %client.organization(), "starting the TUI");
    let header = header(&client, false);
    runtime::run(client, header).await
}

/// Opens the TUI on a built-in server with the demo data; writes nothing to the config directory, and
/// the temporary database goes when the app ends.
pub async fn demo() -> Result<(), String> {
    let dir =
        tempfile::tempdir().map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let db = dir.path().join("demo.db").to_string_lossy().into_owned();
    let running = server::start(ServeOptions::demo(db))
        .await
        .map_err(|e| e.to_string())?;
    let config = ClientConfig::new(
        running.url(),
        OrganizationId::parse(seed::DEMO_ORG).map_err(|e| e.to_string())?,
        ApiKey::parse(seed::DEMO_KEY_LISTENER).map_err(|e| e.to_string())?,
    );
    let client = Client::new(config).map_err(|e| e.to_string())?;
    tracing::info!(url = %running.url(), "demo server started");
    let result = runtime::run(client.clone(), header(&client, true)).await;
    running.stop().await;
    result
}
