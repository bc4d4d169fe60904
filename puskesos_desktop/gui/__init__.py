"""The Qt shell: windows, dialogs and views over the services (the only package importing Qt)."""
