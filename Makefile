# Callbrief's commands. `make demo` and `make test` work on a fresh Debian machine:
# they install what is missing first (scripts/bootstrap.sh).
.PHONY: demo test test-rust test-sdk-compat test-ui-check test-ui-unit test-ui-browser test-e2e dev bindings icons fmt lint

demo: ## Run the demo (under Xvfb when there is no display; screenshots in target/demo/)
	scripts/demo.sh

test: ## Every test suite, as CI runs it
	scripts/test.sh

test-rust: ; scripts/test.sh rust
test-sdk-compat: ; scripts/test.sh sdk-compat
test-ui-check: ; scripts/test.sh ui-check
test-ui-unit: ; scripts/test.sh ui-unit
test-ui-browser: ; scripts/test.sh ui-browser
test-e2e: ; scripts/test.sh e2e

dev: ## The Tauri dev loop with hot-reloaded UI
	scripts/bootstrap.sh
	npx tauri dev --config src-tauri/tauri.conf.json -- --no-default-features

bindings: ## Regenerate ui/src/bindings.ts from the Rust commands
	npm run --silent build -w ui
	UPDATE_BINDINGS=1 cargo test --quiet -p callbrief-desktop --test bindings

icons: ## Regenerate icons/ from icons/icon.svg (needs rsvg-convert)
	rsvg-convert -w 1024 -h 1024 icons/icon.svg -o icons/icon-source.png
	npx tauri icon icons/icon-source.png --output icons
	rm -rf icons/android icons/ios icons/Square*.png icons/StoreLogo.png icons/64x64.png

fmt: ; cargo fmt --all
lint: ; cargo clippy --workspace --all-targets -- -D warnings
