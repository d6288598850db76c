import MICommands

ToolMain.run(SampleCommand.self)
