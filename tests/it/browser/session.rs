//! A walk through the site as a person does it: fields found by their
//! visible labels (the <label> by its text, then its control through
//! `for`), buttons and links by their text. Every page reached is saved as
//! a screenshot under target/browser-artifacts/<test>/NN-step.png and
//! checked with axe-core; `finish` prints the walk's figures and fails on
//! any accessibility violation.

use std::path::PathBuf;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use super::axe;
use super::driver::{artifact_dir, Chromedriver, HEIGHT, WIDTH};
use super::guide;

/// An XPath string literal for `s`.
pub fn lit(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// The staff navigation bar at the top of every staff page.
pub const STAFF_BAR: &str = "//nav[@aria-label='Staff']";

/// Scope: the fieldset whose own legend reads `legend`.
pub fn fieldset(legend: &str) -> String {
    format!("//fieldset[legend[normalize-space()={}]]", lit(legend))
}

/// Scope: the side-by-side pair of fields that includes the one labelled `label`.
pub fn pair(label: &str) -> String {
    format!(
        "//div[contains(concat(' ', normalize-space(@class), ' '), ' pair ')][.//label[normalize-space()={}]]",
        lit(label)
    )
}

/// Scope: the panel (a form or section) headed `heading`.
pub fn panel(heading: &str) -> String {
    format!("//*[h2[normalize-space()={}]]", lit(heading))
}

/// A file fetched in the browser's session (status 0: the fetch failed).
pub struct Download {
    pub status: u16,
    pub content_type: String,
    /// The body as text (binary bytes come out as U+FFFD).
    pub body: String,
}

pub struct Browser {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    _driver: Chromedriver,
    javascript: bool,
    /// The viewport's width and height in CSS pixels.
    size: (u32, u32),
    base: String,
    test: String,
    dir: PathBuf,
    steps: usize,
    pages: usize,
    axe_checks: usize,
    violations: Vec<String>,
    /// This walk writes the README's screenshots (see [`guide`]).
    draws_the_guide: bool,
}

impl Browser {
    /// Start chromedriver and one Chromium session for the walk `test`
    /// against the server at `base`.
    pub fn start(test: &str, base: &str, javascript: bool) -> Self {
        Self::start_sized(test, base, javascript, (WIDTH, HEIGHT, true))
    }

    /// The same on a `(width, height, mobile)` viewport (e.g. a desktop).
    pub fn start_sized(test: &str, base: &str, javascript: bool, size: (u32, u32, bool)) -> Self {
        let driver = Chromedriver::start();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let client = rt.block_on(driver.session_sized(javascript, size));
        Self {
            rt,
            client: Some(client),
            _driver: driver,
            javascript,
            size: (size.0, size.1),
            base: base.to_owned(),
            test: test.to_owned(),
            dir: artifact_dir(test),
            steps: 0,
            pages: 0,
            axe_checks: 0,
            violations: Vec::new(),
            draws_the_guide: false,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("session open")
    }

    fn run<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        self.rt.block_on(f)
    }

    /// Run a WebDriver script (not a page script: works with JS off).
    pub fn script(&self, js: &str) -> serde_json::Value {
        self.run(self.client().execute(js, vec![]))
            .expect("execute script")
    }

    /// Whether page scripts run: injects a <script> into a blank page.
    pub fn page_scripts_run(&self) -> bool {
        self.run(self.client().goto("about:blank"))
            .expect("blank page");
        let v = self.script(
            "const s = document.createElement('script');\
             s.textContent = 'window.canaryProbe = 1;';\
             document.head.appendChild(s);\
             return window.canaryProbe === 1;",
        );
        v.as_bool().unwrap_or(false)
    }

    /// The viewport and the page's full width, in CSS pixels.
    fn viewport(&self) -> (u32, u32, u32) {
        let v = self.script(
            "return [window.innerWidth, window.innerHeight, \
             document.documentElement.scrollWidth];",
        );
        let n = |i: usize| v[i].as_u64().unwrap_or(0) as u32;
        (n(0), n(1), n(2))
    }

    /// The one element at `xpath`; fails naming `what` if none or several.
    fn one(&self, xpath: &str, what: &str) -> Element {
        let found = self
            .run(self.client().find_all(Locator::XPath(xpath)))
            .expect("find elements");
        match found.len() {
            1 => found.into_iter().next().expect("one element"),
            0 => panic!("{}: no {what} on {}", self.test, self.url()),
            n => panic!("{}: {n} elements match {what} on {}", self.test, self.url()),
        }
    }

    /// The control that the label reading `label` (inside `scope`) is for.
    fn control(&self, scope: &str, label: &str) -> Element {
        let xpath = format!("{scope}//label[normalize-space()={}]", lit(label));
        let label_el = self.one(&xpath, &format!("label “{label}” in {scope:?}"));
        let id = self
            .run(label_el.attr("for"))
            .expect("label for")
            .unwrap_or_else(|| panic!("label “{label}” has no `for`"));
        self.run(self.client().find(Locator::Id(&id)))
            .unwrap_or_else(|_| panic!("label “{label}” points at missing #{id}"))
    }

    pub fn url(&self) -> String {
        self.run(self.client().current_url())
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// The path (and query) of the page shown.
    pub fn path(&self) -> String {
        let url = self.url();
        url.strip_prefix(&self.base).unwrap_or(&url).to_owned()
    }

    /// Record a page reached: screenshot and axe-core check.
    fn arrived(&mut self, step: &str) {
        self.pages += 1;
        let (width, height, page_width) = self.viewport();
        assert_eq!((width, height), self.size, "viewport on {step}");
        assert!(
            page_width <= width,
            "{step}: the page is {page_width} px wide on a {width} px viewport"
        );
        let png = self
            .run(self.client().screenshot())
            .expect("screenshot of the page");
        let file = self.dir.join(format!("{:02}-{step}.png", self.pages));
        std::fs::write(&file, png).expect("save screenshot");
        let url = self.path();
        self.axe_checks += 1;
        for v in self.run(axe::check(self.client(), self.javascript)) {
            self.violations.push(format!("{url} ({step}): {v}"));
        }
    }

    /// Open `path` as if typed into the address bar.
    pub fn open(&mut self, path: &str, step: &str) {
        self.steps += 1;
        let url = format!("{}{path}", self.base);
        self.run(self.client().goto(&url)).expect("open page");
        self.arrived(step);
    }

    /// Press the visible button reading `text`; the page it leads to is `step`.
    pub fn press(&mut self, text: &str, step: &str) {
        self.press_in("", text, step);
    }

    pub fn press_in(&mut self, scope: &str, text: &str, step: &str) {
        self.steps += 1;
        let xpath = format!("{scope}//button[normalize-space()={}]", lit(text));
        let found = self
            .run(self.client().find_all(Locator::XPath(&xpath)))
            .expect("find buttons");
        let mut shown = Vec::new();
        for b in found {
            if self.run(b.is_displayed()).unwrap_or(false)
                && self.run(b.attr("aria-hidden")).ok().flatten().is_none()
            {
                shown.push(b);
            }
        }
        assert_eq!(shown.len(), 1, "one button “{text}” on {}", self.url());
        self.run(shown[0].click()).expect("press button");
        self.arrived(step);
    }

    /// Follow the link reading `text` in the page's main part.
    pub fn follow(&mut self, text: &str, step: &str) {
        self.follow_in("//main", text, step);
    }

    /// Follow the link reading `text` in the staff navigation bar.
    pub fn follow_in_bar(&mut self, text: &str, step: &str) {
        self.follow_in(STAFF_BAR, text, step);
    }

    /// The one link reading `text` inside `scope`.
    fn link(&self, scope: &str, text: &str) -> Element {
        let xpath = format!("{scope}//a[normalize-space()={}]", lit(text));
        self.one(&xpath, &format!("link “{text}”"))
    }

    pub fn follow_in(&mut self, scope: &str, text: &str, step: &str) {
        self.steps += 1;
        let link = self.link(scope, text);
        self.run(link.click()).expect("follow link");
        self.arrived(step);
    }

    /// Fetch what the link reading `text` points at, in this browser's
    /// session (its cookies), as a download would. The page shown does not
    /// change.
    pub fn download(&mut self, text: &str) -> Download {
        self.download_in("//main", text)
    }

    pub fn download_in(&mut self, scope: &str, text: &str) -> Download {
        self.steps += 1;
        let href = self
            .run(self.link(scope, text).prop("href"))
            .expect("link href")
            .unwrap_or_else(|| panic!("link “{text}” has no href"));
        let script = "const [href, done] = arguments;\
            fetch(href, { credentials: 'same-origin' })\
              .then(async r => done([r.status, r.headers.get('content-type') || '', await r.text()]))\
              .catch(e => done([0, '', String(e)]));";
        let v = self
            .run(self.client().execute_async(script, vec![href.into()]))
            .expect("fetch the download");
        let text = |i: usize| v[i].as_str().unwrap_or("").to_owned();
        Download {
            status: v[0].as_u64().unwrap_or(0) as u16,
            content_type: text(1),
            body: text(2),
        }
    }

    /// Type `value` into the field labelled `label`.
    pub fn fill(&mut self, label: &str, value: &str) {
        self.fill_in("", label, value);
    }

    pub fn fill_in(&mut self, scope: &str, label: &str, value: &str) {
        self.steps += 1;
        let input = self.control(scope, label);
        self.run(input.clear()).expect("clear field");
        let kind = self.run(input.attr("type")).ok().flatten();
        if matches!(kind.as_deref(), Some("month" | "date")) {
            // On a phone these open the system's picker, which WebDriver
            // cannot reach: set the value the picker would set.
            let element = serde_json::to_value(&input).expect("element reference");
            let script = "arguments[0].value = arguments[1];\
                arguments[0].dispatchEvent(new Event('input', { bubbles: true }));\
                arguments[0].dispatchEvent(new Event('change', { bubbles: true }));";
            self.run(self.client().execute(script, vec![element, value.into()]))
                .expect("set picker value");
        } else {
            self.run(input.send_keys(value)).expect("type into field");
        }
        let now = self.run(input.prop("value")).ok().flatten();
        assert_eq!(now.as_deref(), Some(value), "typed into “{label}”");
    }

    /// The current value of the field labelled `label`.
    pub fn value_in(&self, scope: &str, label: &str) -> String {
        let control = self.control(scope, label);
        self.run(control.prop("value"))
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub fn value(&self, label: &str) -> String {
        self.value_in("", label)
    }

    /// Pick the option reading `option` in the drop-down labelled `label`.
    pub fn select(&mut self, label: &str, option: &str) {
        self.select_in("", label, option);
    }

    pub fn select_in(&mut self, scope: &str, label: &str, option: &str) {
        self.steps += 1;
        let control = self.control(scope, label);
        let xpath = format!(".//option[normalize-space()={}]", lit(option));
        let choice = self
            .run(control.find(Locator::XPath(&xpath)))
            .unwrap_or_else(|_| panic!("no option “{option}” in “{label}” on {}", self.url()));
        self.run(choice.click()).expect("choose option");
        assert_eq!(
            self.run(choice.is_selected()).ok(),
            Some(true),
            "“{option}”"
        );
    }

    /// Click the label `option` of the radio group headed `legend`.
    pub fn choose(&mut self, legend: &str, option: &str) {
        self.choose_in("", legend, option);
    }

    pub fn choose_in(&mut self, scope: &str, legend: &str, option: &str) {
        self.click_option(&format!("{scope}{}", fieldset(legend)), option, true);
    }

    /// Tick the checkbox labelled `option` in the group headed `legend`.
    pub fn tick(&mut self, legend: &str, option: &str) {
        self.tick_in("", legend, option);
    }

    pub fn tick_in(&mut self, scope: &str, legend: &str, option: &str) {
        self.click_option(&format!("{scope}{}", fieldset(legend)), option, true);
    }

    /// Clear the checkbox labelled `option` in the group headed `legend`.
    pub fn untick_in(&mut self, scope: &str, legend: &str, option: &str) {
        self.click_option(&format!("{scope}{}", fieldset(legend)), option, false);
    }

    /// Whether the radio or checkbox labelled `option` under `legend` is on.
    pub fn is_checked_in(&self, scope: &str, legend: &str, option: &str) -> bool {
        let input = self.control(&format!("{scope}{}", fieldset(legend)), option);
        self.run(input.is_selected()).unwrap_or(false)
    }

    fn click_option(&mut self, scope: &str, option: &str, on: bool) {
        self.steps += 1;
        let input = self.control(scope, option);
        if self.run(input.is_selected()).unwrap_or(false) != on {
            let xpath = format!("{scope}//label[normalize-space()={}]", lit(option));
            let label = self.one(&xpath, &format!("label “{option}”"));
            self.run(label.click()).expect("click label");
        }
        assert_eq!(self.run(input.is_selected()).ok(), Some(on), "“{option}”");
    }

    /// The text of the element with `id` (for receipts and status tags).
    pub fn text_of(&self, id: &str) -> String {
        let el = self
            .run(self.client().find(Locator::Id(id)))
            .unwrap_or_else(|_| panic!("no #{id} on {}", self.url()));
        self.run(el.text()).unwrap_or_default().trim().to_owned()
    }

    /// Make this walk the one whose [`Browser::guide_shot`]s are written
    /// to docs/screenshots/ (when `CANARY_WRITE_SCREENSHOTS=1`): one
    /// variant of each walk, so that backends running at once do not
    /// write the same file.
    pub fn draws_the_guide(&mut self, draws: bool) {
        self.draws_the_guide = draws;
    }

    /// Scroll the element at `xpath` to the top of the viewport.
    pub fn scroll_to(&self, xpath: &str) {
        let element = self.one(xpath, xpath);
        let element = serde_json::to_value(&element).expect("element reference");
        self.run(self.client().execute(
            "arguments[0].scrollIntoView({block: 'start'});",
            vec![element],
        ))
        .expect("scroll to the element");
    }

    /// The viewport as the README shows it, named `name`: checked as a PNG
    /// of the viewport's size with something on it, and written to
    /// docs/screenshots/<name>.png when this walk draws the guide and
    /// `CANARY_WRITE_SCREENSHOTS=1`.
    pub fn guide_shot(&mut self, name: &str) {
        let png = self
            .run(self.client().screenshot())
            .expect("screenshot of the page");
        guide::check(&png, self.size, name);
        if self.draws_the_guide && guide::writing() {
            let dir = guide::dir();
            std::fs::create_dir_all(&dir).expect("docs/screenshots");
            let file = dir.join(format!("{name}.png"));
            std::fs::write(&file, &png).expect("write the screenshot");
            println!("guide screenshot: {} ({} bytes)", file.display(), png.len());
        }
    }

    /// The page's heading.
    pub fn h1(&self) -> String {
        let el = self.one("//h1", "h1");
        self.run(el.text()).unwrap_or_default()
    }

    /// The page as Chromium prints it (US Letter, its default 1 cm
    /// margins, the page's print styles), as PDF bytes.
    pub fn print_pdf(&self) -> Vec<u8> {
        use fantoccini::wd::{PrintConfigurationBuilder, PrintSize};
        let config = PrintConfigurationBuilder::default()
            .size(PrintSize::US_LETTER)
            .build()
            .expect("print configuration");
        self.run(self.client().print(config))
            .expect("print the page")
    }

    /// The visible text of the whole page.
    pub fn page_text(&self) -> String {
        let body = self.one("//body", "body");
        self.run(body.text()).unwrap_or_default()
    }

    /// The accessibility violations found so far, one line each.
    pub fn violations(&self) -> &[String] {
        &self.violations
    }

    /// End the walk: print and save the figures, close Chromium, and fail
    /// on any accessibility violation.
    pub fn finish(mut self) {
        let summary = format!(
            "browser test={} javascript={} steps={} pages={} pages_checked={} axe_violations={}",
            self.test,
            if self.javascript { "on" } else { "off" },
            self.steps,
            self.pages,
            self.axe_checks,
            self.violations.len()
        );
        println!("{summary}");
        let _ = std::fs::write(self.dir.join("summary.txt"), format!("{summary}\n"));
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(client.close());
        }
        assert!(
            self.violations.is_empty(),
            "{}: WCAG 2.1 A/AA violations found by axe-core:\n{}",
            self.test,
            self.violations.join("\n")
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(client.close());
        }
    }
}

/// A control of the page's form, as `Browser::controls` lists it.
#[derive(Debug, Clone)]
pub struct Control {
    pub id: String,
    pub name: String,
    /// `text`, `month`, `textarea`, `select`, `radio` or `checkbox`.
    pub kind: String,
    /// The option labels of a select, placeholder first.
    pub options: Vec<String>,
    /// The text of its labels, joined by `|` (empty if it has none).
    pub label: String,
    /// A checkbox or radio is on.
    pub checked: bool,
    /// The label of a select's chosen option.
    pub chosen: String,
}

const CONTROLS: &str =
    "return [...document.querySelectorAll('form input, form select, form textarea')]\
    .filter(e => e.type !== 'hidden' && !e.closest('[aria-hidden=true]'))\
    .map(e => [e.id, e.name, e.tagName === 'INPUT' ? e.type : e.tagName.toLowerCase(),\
      e.tagName === 'SELECT' ? [...e.options].map(o => o.text.trim()) : [],\
      [...document.querySelectorAll('label')].filter(l => l.htmlFor === e.id)\
        .map(l => l.textContent.replace(/\\s+/g, ' ').trim()).join('|'),\
      !!e.checked, e.tagName === 'SELECT' ? e.selectedOptions[0].text.trim() : '']);";

impl Browser {
    /// Every visible control of the page's form that a person can change,
    /// with its label and state (read in one script).
    pub fn controls(&self) -> Vec<Control> {
        let v = self.script(CONTROLS);
        let s = |x: &serde_json::Value| x.as_str().unwrap_or_default().to_owned();
        let all = v.as_array().cloned().unwrap_or_default();
        all.iter()
            .map(|c| Control {
                id: s(&c[0]),
                name: s(&c[1]),
                kind: s(&c[2]),
                options: c[3]
                    .as_array()
                    .map(|o| o.iter().map(s).collect())
                    .unwrap_or_default(),
                label: s(&c[4]),
                checked: c[5].as_bool().unwrap_or(false),
                chosen: s(&c[6]),
            })
            .collect()
    }

    /// Fill, or pick the option reading `value` of, the control `c`, found
    /// through its label.
    pub fn set_control(&mut self, c: &Control, value: &str) {
        let scope = format!("//*[label[@for={}]]", lit(&c.id));
        if c.kind == "select" {
            self.select_in(&scope, &c.label, value);
        } else {
            self.fill_in(&scope, &c.label, value);
        }
    }

    /// Scroll through every option of the select `c` with the arrow key, as
    /// someone reading the whole list does; it ends on the last option.
    pub fn arrow_through(&mut self, c: &Control) {
        self.steps += 1;
        let select = self.one(&format!("//select[@id={}]", lit(&c.id)), &c.id);
        let first = self
            .run(select.find(Locator::Css("option")))
            .expect("first option");
        self.run(first.click()).expect("choose the first option");
        let keys = "\u{E015}".repeat(c.options.len() - 1);
        self.run(select.send_keys(&keys))
            .expect("arrow through the options");
        let chosen = self
            .run(select.find(Locator::Css("option:checked")))
            .expect("chosen option");
        let last = self.run(chosen.text()).unwrap_or_default();
        assert_eq!(
            last.trim(),
            c.options[c.options.len() - 1],
            "#{}: the arrow key reached the last option",
            c.id
        );
    }

    /// Tick (or untick) the checkbox, or choose the radio, `id` by clicking its label.
    pub fn set_choice(&mut self, id: &str, on: bool) {
        self.steps += 1;
        let input = self.one(&format!("//input[@id={}]", lit(id)), id);
        if self.run(input.is_selected()).unwrap_or(false) != on {
            let label = self.one(&format!("//label[@for={}]", lit(id)), id);
            // Bring the label to the middle of the phone's screen first: an emulated
            // tap on a label cut by the bottom edge lands outside it.
            let element = serde_json::to_value(&label).expect("label as a script argument");
            self.run(self.client().execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![element],
            ))
            .expect("scroll the label into view");
            self.run(label.click()).expect("click label");
        }
        assert_eq!(self.run(input.is_selected()).ok(), Some(on), "#{id}");
    }

    /// The HTTP status of the page shown (from the Navigation Timing entry).
    pub fn status(&self) -> u64 {
        self.script("return performance.getEntriesByType('navigation')[0].responseStatus;")
            .as_u64()
            .unwrap_or(0)
    }

    /// The fields the page's error messages are about (`e-NAME` → `NAME`).
    pub fn error_fields(&self) -> Vec<String> {
        let v = self.script("return [...document.querySelectorAll('p.error')].map(e => e.id);");
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str()?.strip_prefix("e-").map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}
