"""The Qt interface. The only layer that imports QtWidgets."""
