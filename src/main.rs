fn main() -> std::process::ExitCode {
    sct::run()
}
